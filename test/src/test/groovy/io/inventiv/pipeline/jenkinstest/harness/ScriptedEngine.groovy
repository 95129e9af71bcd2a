package io.inventiv.pipeline.jenkinstest.harness

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * A launcher script that stands where the engine would, for the cases the real engine cannot be
 * made to produce on demand (a given exit code and message). Per command it answers with fixed
 * stdout, stderr and exit code; it records each call's arguments and environment.
 */
class ScriptedEngine {
    final Path dir
    final Path launcher

    /** {@code answers}: command (or '*') to [stdout, exitCode, stderr]. */
    ScriptedEngine(Path dir, Map<String, List> answers) {
        this.dir = Files.createDirectories(dir)
        StringBuilder cases = new StringBuilder()
        answers.each { String command, List answer ->
            String key = command.replaceAll('[^a-z*-]', '')
            Files.writeString(dir.resolve("stdout-${key == '*' ? 'any' : key}"), (String) answer[0])
            Files.writeString(dir.resolve("stderr-${key == '*' ? 'any' : key}"), answer.size() > 2 ? (String) answer[2] : '')
            cases.append("  ${key}) a=${key == '*' ? 'any' : key}; rc=${answer[1]} ;;\n")
        }
        launcher = dir.resolve('engine.sh')
        Files.writeString(launcher, """#!/bin/sh
n=\$(ls '${dir}' | grep -c '^argv-' || true)
for a in "\$@"; do printf '%s\\n' "\$a"; done >'${dir}/argv-'\$n
env >'${dir}/env-'\$n
case "\$1" in
${cases}  *) echo "scripted engine: no answer for \$1" >&2; exit 99 ;;
esac
cat '${dir}/stderr-'\$a >&2
cat '${dir}/stdout-'\$a
exit \$rc
""")
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString('rwxr-xr-x'))
    }

    /** What {@code inventivEngine} returns when this script is the engine. */
    HashMap engineMap() {
        return new HashMap([env: new ArrayList(["INVENTIV_ENGINE=${launcher}".toString()]), launcher: launcher.toString(),
                            source: 'preinstalled', version: 'scripted'])
    }

    int calls() {
        return dir.toFile().list().count { it.startsWith('argv-') } as int
    }

    /** The arguments of call {@code n} (default: the last). */
    List<String> argv(int n = calls() - 1) {
        return Files.readAllLines(dir.resolve("argv-${n}"))
    }

    /** The environment call {@code n} ran with, NAME -> value. */
    Map<String, String> env(int n = calls() - 1) {
        Map<String, String> env = [:]
        for (line in Files.readAllLines(dir.resolve("env-${n}"))) {
            int eq = line.indexOf('=')
            if (eq > 0) {
                env[line.substring(0, eq)] = line.substring(eq + 1)
            }
        }
        return env
    }
}
