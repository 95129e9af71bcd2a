package io.inventiv.pipeline.jenkinstest.demo

import io.inventiv.pipeline.testsupport.Buildx
import io.inventiv.pipeline.testsupport.DockerDaemon
import io.inventiv.pipeline.testsupport.Processes
import io.inventiv.pipeline.testsupport.RegistryServer
import io.inventiv.pipeline.testsupport.SshServer

import java.nio.file.Files
import java.nio.file.Path

/**
 * The machines around the demo Jenkins, the engine tests' own fixtures on loopback: a registry,
 * the test dockerd (ARM64 under QEMU), and two hosts, staging (127.0.0.1) and production
 * (127.0.0.2), each an sshd whose
 * sessions reach that dockerd with a docker config of their own. The agent's docker client has
 * real buildx in its DOCKER_CONFIG.
 */
class DemoServices implements AutoCloseable {
    /** The production host's address (examples/sample-app/deploy/production.yaml's default). */
    static final String PRODUCTION_ADDRESS = '127.0.0.2'
    final Path dir
    RegistryServer registry
    SshServer staging
    SshServer production
    Path agentDockerConfig

    DemoServices(Path dir) {
        this.dir = Files.createDirectories(dir)
    }

    DemoServices start() {
        Buildx.plugin()
        registry = RegistryServer.start()
        String dockerHost = DockerDaemon.shared().host()
        staging = SshServer.start([DOCKER_HOST: dockerHost, DOCKER_CONFIG: hostDockerConfig('staging').toString()])
        // Its own loopback address: the description, record and plan name two different hosts.
        production = SshServer.start(PRODUCTION_ADDRESS, [DOCKER_HOST: dockerHost, DOCKER_CONFIG: hostDockerConfig('production').toString()])
        agentDockerConfig = Buildx.dockerConfig(Files.createDirectories(dir.resolve('agent-docker-config')))
        return this
    }

    private Path hostDockerConfig(String host) {
        return Files.createDirectories(dir.resolve("${host}-host/docker-config"))
    }

    /** The directory a host's compose project lives in (its name is the project's name). */
    Path remoteDir(String host) {
        return Files.createDirectories(dir.resolve("${host}-host/sample-app-${host}"))
    }

    /** The compose project the engine names after the remote directory (docs/remote.md: lower-cased, keeping - and _). */
    static String composeProject(Path remoteDir) {
        return remoteDir.fileName.toString().toLowerCase().replaceAll('[^a-z0-9_-]', '')
    }

    String dockerHost() {
        return DockerDaemon.shared().host()
    }

    /** docker against the test dockerd, as the agent runs it (real buildx in its config). */
    String docker(String... args) {
        List<String> argv = ['/usr/bin/docker', '-H', dockerHost()]
        argv.addAll(args)
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
        pb.environment().put('DOCKER_CONFIG', agentDockerConfig.toString())
        Process p = pb.start()
        String out = p.inputStream.text
        if (p.waitFor() != 0) {
            throw new IllegalStateException("${argv.join(' ')} failed: ${out}")
        }
        return out
    }

    @Override
    void close() {
        production?.close()
        staging?.close()
        registry?.close()
        Processes.deleteTree(dir.resolve('agent-docker-config'))
    }
}
