package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * bootstrap's install branch, for real: docker and compose are installed here (and stay so), so
 * the profile's package list names them plus one small Debian package this machine does not
 * have ({@code tree}); bootstrap installs that one with apt-get from the Debian mirror and
 * reports it, a second run changes nothing. The package is purged afterwards.
 */
class RemoteBootstrapPackagesIT {
    static final String PACKAGE = "tree";

    static boolean installed(String pkg) {
        try {
            return Processes.run(List.of("dpkg-query", "-W", "-f=${db:Status-Status}", pkg)).strip().equals("installed");
        } catch (IllegalStateException notKnown) {
            return false;
        }
    }

    static void purge() {
        Processes.run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "purge", "-y", "-qq", PACKAGE));
    }

    @Test
    void namedPackagesDpkgDoesNotListAreInstalledAndReportedAndASecondRunChangesNothing() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        // The test owns this package: a run that died before its cleanup left it installed.
        if (installed(PACKAGE)) {
            purge();
        }
        assertThat(installed(PACKAGE)).isFalse();
        Path local = Files.createTempDirectory(host.work, "pkgs");
        Path remoteDir = host.work.resolve("pkgs-app");
        Path target = host.target(local, remoteDir, "bootstrapPackages: [docker.io, docker-compose, " + PACKAGE + "]\n");
        try {
            Result first = host.remote("bootstrap", target);
            assertThat(first.exitCode()).as(first.all()).isZero();
            JsonNode j1 = new ObjectMapper().readTree(first.stdout());
            assertThat(j1.get("changed").asBoolean()).isTrue();
            assertThat(j1.at("/hosts/0/changed").toString()).as(first.all())
                    .contains("installed " + PACKAGE).contains("created " + remoteDir)
                    .doesNotContain("installed docker");
            assertThat(j1.at("/hosts/0/unchanged").toString())
                    .contains("package docker.io").contains("package docker-compose").contains("docker and compose");
            assertThat(installed(PACKAGE)).isTrue();
            assertThat(Processes.run(List.of(PACKAGE, "--version"))).contains(PACKAGE);

            Result second = host.remote("bootstrap", target);
            assertThat(second.exitCode()).as(second.all()).isZero();
            JsonNode j2 = new ObjectMapper().readTree(second.stdout());
            assertThat(j2.get("changed").asBoolean()).as(second.all()).isFalse();
            assertThat(j2.at("/hosts/0/unchanged").toString()).contains("package " + PACKAGE);
        } finally {
            if (installed(PACKAGE)) {
                purge();
            }
        }
    }

    @Test
    void aPackageNameThatIsNotOneIsRefusedByNameBeforeConnecting() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        Path local = Files.createTempDirectory(host.work, "badpkgs");
        Path remoteDir = host.work.resolve("badpkgs-app");
        int before = host.sshd.handshakes();
        Path target = host.target(local, remoteDir, "bootstrapPackages: [docker.io, \"tree;touch /tmp/pwned\"]\n");
        Result r = host.remote("bootstrap", target);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("bootstrap: " + target + ": bootstrapPackages:").contains("not a Debian package name");
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(host.sshd.handshakes()).isEqualTo(before);
        assertThat(remoteDir).doesNotExist();
    }
}
