package io.inventiv.pipeline.jenkinstest.harness

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * A launcher script that stands where the engine would, for the cases the real engine cannot be
 * made to produce on demand (a given exit code and message). It answers with fixed stdout, stderr
 * and exit code, and records the arguments it got and the names of its environment.
 */
class ScriptedEngine {
    final Path dir
    final Path launcher

    ScriptedEngine(Path dir, String stdout, int exitCode, String stderr = '') {
        this.dir = Files.createDirectories(dir)
        Files.writeString(dir.resolve('stdout'), stdout)
        Files.writeString(dir.resolve('stderr'), stderr)
        launcher = dir.resolve('engine.sh')
        Files.writeString(launcher, """#!/bin/sh
for a in "\$@"; do printf '%s\\n' "\$a"; done >'${dir}/argv'
env >'${dir}/env'
cat '${dir}/stderr' >&2
cat '${dir}/stdout'
exit ${exitCode}
""")
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString('rwxr-xr-x'))
    }

    /** What {@code inventivEngine} returns when this script is the engine. */
    HashMap engineMap() {
        return new HashMap([env: new ArrayList(["INVENTIV_ENGINE=${launcher}".toString()]), launcher: launcher.toString(),
                            source: 'preinstalled', version: 'scripted'])
    }

    List<String> argv() {
        return Files.readAllLines(dir.resolve('argv'))
    }

    /** The environment the engine ran with, NAME -> value. */
    Map<String, String> env() {
        Map<String, String> env = [:]
        for (line in Files.readAllLines(dir.resolve('env'))) {
            int eq = line.indexOf('=')
            if (eq > 0) {
                env[line.substring(0, eq)] = line.substring(eq + 1)
            }
        }
        return env
    }
}
