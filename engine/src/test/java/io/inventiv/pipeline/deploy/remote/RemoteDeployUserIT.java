package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.SshServer;

/**
 * A deploy user that is not root, for real: a user made with useradd, logging in over a real
 * sshd, reaching the test dockerd only through the {@code docker} group. Before bootstrap the
 * deploy is refused naming the directory and the fix; bootstrap (as root) creates the
 * directories for the user and adds it to {@code docker}; then the user deploys. A second sshd
 * whose sessions have no docker on their PATH proves the "docker missing" check.
 */
class RemoteDeployUserIT {
    static RemoteFixture host;
    static UnprivilegedUser user;
    static SshServer sshd;
    static SshServer sshdWithoutDocker;
    static Path base;
    static Path dockerDir;
    static Set<PosixFilePermission> dockerDirMode;
    static final List<Path> projects = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        host = RemoteFixture.shared();
        user = UnprivilegedUser.create();
        // The host's directories: /tmp/… is root's and 0755, like /opt on a fresh VM.
        base = Files.createTempDirectory(Path.of("/tmp"), "deployuser");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The test dockerd's socket is root:docker 0660 inside a 0700 directory: let others
        // traverse it, so the docker group is what grants access, as on a VM.
        dockerDir = Path.of(host.docker.host().substring("unix://".length())).getParent();
        dockerDirMode = Files.getPosixFilePermissions(dockerDir);
        Set<PosixFilePermission> traversable = new java.util.HashSet<>(dockerDirMode);
        traversable.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(dockerDir, traversable);

        sshd = readableByEveryUser(SshServer.start(Map.of("DOCKER_HOST", host.docker.host())));
        sshdWithoutDocker = readableByEveryUser(SshServer.start(Map.of("DOCKER_HOST", host.docker.host(),
                "PATH", pathWithoutDocker(base.resolve("bin")).toString())));
    }

    /**
     * The fixture's sshd reads one AuthorizedKeysFile for every user, and reads it as the user
     * logging in: make that public key file (not the private key) reachable for the test user.
     */
    static SshServer readableByEveryUser(SshServer server) throws IOException {
        Path dir = server.clientKey().getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
        return server;
    }

    /** A directory with every command of /usr/bin and /usr/sbin except docker's: a host without docker. */
    static Path pathWithoutDocker(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String dir : List.of("/usr/bin", "/usr/sbin")) {
            try (Stream<Path> l = Files.list(Path.of(dir))) {
                for (Path p : l.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith("docker") && !Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), p);
                    }
                }
            }
        }
        return bin;
    }

    @AfterAll
    static void stop() throws IOException {
        for (Path p : projects) {
            String ids = host.images.docker(List.of("ps", "-aq", "--filter",
                    "label=com.docker.compose.project=" + RemoteFixture.projectName(p))).strip();
            if (!ids.isEmpty()) {
                List<String> argv = new ArrayList<>(List.of("rm", "-f"));
                argv.addAll(List.of(ids.split("\\s+")));
                host.images.docker(argv);
            }
        }
        if (sshd != null) {
            sshd.close();
        }
        if (sshdWithoutDocker != null) {
            sshdWithoutDocker.close();
        }
        if (user != null) {
            user.close();
        }
        if (dockerDirMode != null) {
            Files.setPosixFilePermissions(dockerDir, dockerDirMode);
        }
        Processes.deleteTree(base);
    }

    /** A target for {@code server}, with the fixture's compose file, for the project directory {@code remoteDir}. */
    static Path target(SshServer server, Path remoteDir) throws IOException {
        Path local = Files.createTempDirectory(host.work, "userlocal");
        host.composeFile(local, host.image("proxy", "p1", "healthy"));
        RemoteFixture.write(local.resolve("app.env"), "GREETING='hello'\n");
        projects.add(remoteDir);
        Path t = host.target(local, remoteDir, "");
        Files.writeString(t, host.read(t)
                .replaceAll("(?m)^port: .*$", "port: " + server.port())
                .replaceAll("(?m)^hostKey: .*$", "hostKey: \"" + server.hostKeyLine() + "\""));
        return t;
    }

    static Result run(SshServer server, String command, Path target, String... more) {
        List<String> argv = new ArrayList<>(List.of(command, "--json", "--target-file", target.toString(),
                "--identity-file", server.clientKey().toString()));
        argv.addAll(List.of(more));
        return host.engine(Map.of(), argv.toArray(String[]::new));
    }

    static Result deployAsUser(SshServer server, Path target, String build, String api) {
        return run(server, "deploy", target, "--user", user.name(), "--env-file", target.resolveSibling("app.env").toString(),
                "--build", build, "--image", "api=" + api, "--image", "worker=" + host.image("app-worker", "v1", "healthy"));
    }

    static String ownerAndMode(Path p) throws IOException {
        return Processes.run(List.of("stat", "-c", "%U:%G %a", p.toString())).strip();
    }

    @Test
    void bootstrapPreparesTheHostForAnUnprivilegedUserWhoThenDeploys() throws Exception {
        String api = host.image("app-api", "v1", "healthy");
        Path remoteDir = base.resolve("userapp");
        Path target = target(sshd, remoteDir);

        // Before bootstrap: the directory cannot be made by the user; refused naming it and the fix.
        Result early = deployAsUser(sshd, target, "early", api);
        assertThat(early.exitCode()).as(early.all()).isEqualTo(1);
        assertThat(early.stderr()).contains(remoteDir + " is not writable by " + user.name()).contains("run bootstrap");
        assertThat(remoteDir).doesNotExist();

        Result boot = run(sshd, "bootstrap", target, "--user", "root", "--deploy-user", user.name());
        assertThat(boot.exitCode()).as(boot.all()).isZero();
        JsonNode changed = new ObjectMapper().readTree(boot.stdout()).at("/hosts/0/changed");
        assertThat(changed.toString()).as(boot.all())
                .contains("created " + remoteDir + " (" + user.name() + ":" + user.name() + " 750)")
                .contains("created " + remoteDir + "/.inventiv (" + user.name() + ":" + user.name() + " 700)")
                .contains("added " + user.name() + " to group docker");
        assertThat(changed).hasSize(3);
        assertThat(ownerAndMode(remoteDir)).isEqualTo(user.name() + ":" + user.name() + " 750");
        assertThat(ownerAndMode(remoteDir.resolve(".inventiv"))).isEqualTo(user.name() + ":" + user.name() + " 700");
        assertThat(user.groups()).contains("docker");

        Result again = run(sshd, "bootstrap", target, "--user", "root", "--deploy-user", user.name());
        assertThat(again.exitCode()).as(again.all()).isZero();
        JsonNode second = new ObjectMapper().readTree(again.stdout());
        assertThat(second.get("changed").asBoolean()).as(again.all()).isFalse();
        assertThat(second.at("/hosts/0/changed")).isEmpty();
        assertThat(second.at("/hosts/0/unchanged").toString()).contains(user.name() + " in group docker");

        // The user's next login has the docker group: the deploy works as that user.
        Result deploy = deployAsUser(sshd, target, "as-user", api);
        assertThat(deploy.exitCode()).as(() -> deploy.all() + host.runLogs(remoteDir)).isZero();
        assertThat(new ObjectMapper().readTree(deploy.stdout()).at("/hosts/0/user").asText()).isEqualTo(user.name());
        assertThat(host.imageOf(remoteDir, "api")).isEqualTo(api);
        assertThat(ownerAndMode(remoteDir.resolve(".env"))).isEqualTo(user.name() + ":" + user.name() + " 600");
        List<AuditEntry> audit = AuditEntry.parseAll(host.read(remoteDir.resolve(".inventiv/audit.log")));
        assertThat(audit).extracting(AuditEntry::user).containsExactly(user.name());
        assertThat(audit).extracting(AuditEntry::result).containsExactly("ok");
        assertThat(remoteDir.resolve(".inventiv/lock")).doesNotExist();
    }

    @Test
    void aLiveLockHolderOfAnotherUserKeepsTheLockEvenWhenItsLeaseRanOut() throws Exception {
        Path remoteDir = base.resolve("otherholder");
        Path lock = Files.createDirectories(remoteDir.resolve(".inventiv/lock"));
        Files.writeString(lock.resolveSibling("lock.flock"), "");
        Processes.run(List.of("chown", "-R", user.name() + ":" + user.name(), remoteDir.toString()));
        Path target = target(sshd, remoteDir);
        // The holder runs as root; the deploy user may not signal it, but it holds the lock all the same.
        Process holder = RemoteFixture.holdLock(lock.getParent());
        try {
            Files.writeString(lock.resolve("pid"), holder.pid() + "\n");
            Files.writeString(lock.resolve("lease"), (System.currentTimeMillis() / 1000 - 60) + "\n");
            Files.writeString(lock.resolve("owner"), "owner=root\nbuild=root-run\npid=" + holder.pid() + "\n");
            Result r = run(sshd, "deploy", target, "--user", user.name(), "--env-file", target.resolveSibling("app.env").toString(),
                    "--build", "other-user", "--lock-wait", "1s", "--image", "api=" + host.image("app-api", "v1", "healthy"),
                    "--image", "worker=" + host.image("app-worker", "v1", "healthy"));
            assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
            assertThat(new ObjectMapper().readTree(r.stdout()).at("/hosts/0/lockHolder").asText()).contains("build=root-run");
            assertThat(r.all()).doesNotContain("took over");
            assertThat(lock.resolve("owner")).content().contains("build=root-run");
        } finally {
            RemoteFixture.release(holder);
        }
    }

    @Test
    void dockerMissingFromTheHostIsNamedWithThePackageToInstallAndLeavesNoLock() throws Exception {
        Path remoteDir = base.resolve("nodocker");
        Files.createDirectories(remoteDir);
        Processes.run(List.of("chown", user.name() + ":" + user.name(), remoteDir.toString()));
        Path target = target(sshdWithoutDocker, remoteDir);

        Result r = deployAsUser(sshdWithoutDocker, target, "nodocker", host.image("app-api", "v1", "healthy"));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(r.stdout()).at("/hosts/0/errors/0").asText())
                .contains("docker is not installed on the host").contains(user.name()).contains("install the docker.io package");
        assertThat(remoteDir.resolve(".inventiv/lock")).doesNotExist();
        assertThat(AuditEntry.parseAll(host.read(remoteDir.resolve(".inventiv/audit.log"))))
                .extracting(AuditEntry::result).containsExactly("failed");
        assertThat(remoteDir.resolve(".env")).doesNotExist();
    }
}
