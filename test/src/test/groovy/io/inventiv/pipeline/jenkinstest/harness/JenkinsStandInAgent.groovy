package io.inventiv.pipeline.jenkinstest.harness

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

/**
 * What a Jenkins build sees of its agent: a workspace and its {@code @tmp} sibling, the agent's
 * environment, build variables, the {@code withEnv}/{@code withCredentials} overlays, the console
 * log, and whether the program is inside {@code node}. The step stand-ins keep their state here.
 */
class JenkinsStandInAgent {
    final Path workspace
    final Path repoRoot
    /** The agent process's environment (node properties included). */
    final Map<String, String> agentEnv = new LinkedHashMap<>(System.getenv())
    /** Build variables and what the script assigned to {@code env.X}. */
    final Map<String, String> buildEnv = [:]
    private final List<Map<String, String>> overlays = []
    private final List<Path> dirs = []
    final StringBuilder console = new StringBuilder()
    final List<String> echoed = []
    final List<String> errors = []
    final List<String> shScripts = []
    /** Every secret value a withCredentials or sshagent made available, for leak checks. */
    final Set<String> secretsBound = [] as Set
    int nodeDepth
    int lockDepth

    JenkinsStandInAgent(Path workspace, Path repoRoot) {
        this.workspace = workspace
        this.repoRoot = repoRoot
        Files.createDirectories(workspace)
        buildEnv.putAll([
                WORKSPACE   : workspace.toString(),
                NODE_NAME   : 'built-in',
                BUILD_NUMBER: '7',
                BUILD_TAG   : 'jenkins-app-main-7',
                JOB_NAME    : 'app/main',
                BRANCH_NAME : 'main',
        ])
    }

    Map<String, String> effectiveEnv() {
        Map<String, String> env = new LinkedHashMap<>(agentEnv)
        env.putAll(buildEnv)
        for (overlay in overlays) {
            env.putAll(overlay)
        }
        env.values().removeAll([null])
        return env
    }

    Object withOverlay(Map<String, String> overlay, Closure body) {
        overlays.add(overlay)
        try {
            return body.call()
        } finally {
            overlays.remove(overlays.size() - 1)
        }
    }

    Object inDir(Path dir, Closure body) {
        dirs.add(dir)
        try {
            return body.call()
        } finally {
            dirs.remove(dirs.size() - 1)
        }
    }

    Path currentDir() {
        return dirs.isEmpty() ? workspace : dirs[-1]
    }

    /** pwd(tmp: true): the workspace's {@code @tmp} sibling, where steps keep files out of the workspace. */
    Path tmpDir() {
        Path tmp = currentDir().resolveSibling(currentDir().fileName.toString() + '@tmp')
        Files.createDirectories(tmp)
        return tmp
    }

    Path resolve(String file) {
        Path p = currentDir().resolve(file)
        return p.normalize()
    }

    void log(String line) {
        console.append(line).append('\n')
    }

    void requireNode(String step) {
        if (nodeDepth == 0) {
            throw new JenkinsStandInAbortException("Required context class hudson.FilePath is missing\nPerhaps you forgot to surround the ${step} step with a step that provides this, such as: node")
        }
    }

    void requireNoNode(String step) {
        if (nodeDepth > 0) {
            throw new AssertionError((Object) "${step} inside node: it would hold an executor while it waits")
        }
    }

    /**
     * A real {@code /bin/sh -xe} as Jenkins' durable-task runs it: the script in a file, the
     * workspace (or {@code dir}) as working directory, the build's environment; stdout (and
     * stderr) to the console unless returnStdout; a non-zero exit throws unless returnStatus.
     */
    Object sh(Map args) {
        requireNode('sh')
        Object script = args.script
        if (!(script instanceof String)) {
            throw new AssertionError((Object) "sh script is a ${script?.getClass()?.name}, not a constant String: ${script}")
        }
        boolean returnStatus = args.returnStatus == true
        boolean returnStdout = args.returnStdout == true
        if (returnStatus && returnStdout) {
            // Jenkins 2.x allows both; the library never needs it, so a call with both is a mistake here.
            throw new AssertionError('sh with both returnStatus and returnStdout')
        }
        shScripts.add((String) script)
        Path scriptDir = Files.createTempDirectory(tmpDir(), 'durable-')
        Path file = scriptDir.resolve('script.sh')
        Files.writeString(file, (String) script)
        ProcessBuilder pb = new ProcessBuilder('/bin/sh', '-xe', file.toString()).directory(currentDir().toFile())
        pb.environment().clear()
        pb.environment().putAll(effectiveEnv())
        Path out = scriptDir.resolve('output.txt')
        Path err = scriptDir.resolve('jenkins-log.txt')
        pb.redirectOutput(out.toFile())
        if (returnStdout) {
            pb.redirectError(err.toFile())
        } else {
            // One stream, as durable-task's log: two redirects to one file would each write from offset 0.
            pb.redirectErrorStream(true)
        }
        Process p = pb.start()
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly()
            throw new AssertionError((Object) "sh did not finish within 10 minutes: ${script}")
        }
        int status = p.exitValue()
        String output = Files.readString(out, StandardCharsets.UTF_8)
        if (returnStdout) {
            console.append(Files.readString(err, StandardCharsets.UTF_8))
        } else {
            console.append(output)
        }
        scriptDir.toFile().deleteDir()
        if (status != 0 && !returnStatus) {
            throw new JenkinsStandInAbortException("script returned exit code ${status}")
        }
        return returnStatus ? status : (returnStdout ? output : null)
    }

    static void writePrivate(Path file, String content) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rw-------')))
        Files.writeString(file, content)
    }
}
