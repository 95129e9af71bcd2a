package io.inventiv.pipeline.jenkinstest.harness

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * ssh-agent-plugin's {@code sshagent}, backed by a real {@code ssh-agent}: the listed
 * credentials' keys are added to a fresh agent whose socket the body gets as SSH_AUTH_SOCK. As
 * the plugin does, an unknown id is logged and skipped, not an error.
 */
class JenkinsStandInSshAgent {

    private static int sshAdd(Path socket, String... args) {
        ProcessBuilder pb = new ProcessBuilder(['ssh-add'] + (args as List)).redirectErrorStream(true)
        pb.environment().put('SSH_AUTH_SOCK', socket.toString())
        Process p = pb.start()
        p.inputStream.text
        return p.waitFor()
    }

    static Object run(List<String> ids, JenkinsStandInAgent agent, JenkinsStandInCredentials credentials, Closure body) {
        agent.requireNode('sshagent')
        Path dir = Files.createTempDirectory(Path.of('/tmp'), 'sshagent')
        Path socket = dir.resolve('agent.sock')
        Process process = new ProcessBuilder('ssh-agent', '-D', '-a', socket.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve('agent.log').toFile()).start()
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            // Ready when ssh-add can talk to it: exit 1 (no identities), not 2 (cannot connect).
            while (!Files.exists(socket) || sshAdd(socket, '-l') == 2) {
                if (System.nanoTime() > deadline || !process.alive) {
                    throw new IllegalStateException("ssh-agent did not start: ${dir.resolve('agent.log').text}")
                }
                Thread.sleep(20)
            }
            for (id in ids) {
                Map<String, String> key
                try {
                    key = credentials.lookup(id, 'sshUserPrivateKey')
                } catch (JenkinsStandInCredentialNotFoundException e) {
                    agent.log("[ssh-agent] Could not find specified credentials: ${e.message}")
                    continue
                }
                Path keyFile = dir.resolve("key-${id}")
                JenkinsStandInAgent.writePrivate(keyFile, key.privateKey)
                ProcessBuilder add = new ProcessBuilder('ssh-add', keyFile.toString()).redirectErrorStream(true)
                add.environment().put('SSH_AUTH_SOCK', socket.toString())
                Process p = add.start()
                String out = p.inputStream.text
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("ssh-add failed: ${out}")
                }
                Files.delete(keyFile)
                agent.secretsBound.add(key.privateKey.strip())
                agent.log("[ssh-agent]   ${key.username} (${id})")
            }
            return agent.withOverlay([SSH_AUTH_SOCK: socket.toString(), SSH_AGENT_PID: String.valueOf(process.pid())], body)
        } finally {
            process.destroy()
            process.waitFor(5, TimeUnit.SECONDS)
            dir.toFile().deleteDir()
        }
    }
}
