package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess.Result;

/**
 * bootstrap against this machine over real SSH: docker and compose are already installed here,
 * so the run proves the idempotence and the report (directories created, then nothing to do).
 */
class RemoteBootstrapIT {

    @Test
    void createsWhatIsMissingReportsItAndChangesNothingOnASecondRun() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        Path local = Files.createTempDirectory(host.work, "boot");
        Path remoteDir = host.work.resolve("boot-app/opt");
        Path secrets = host.work.resolve("boot-app/secrets");
        Path target = host.target(local, remoteDir, "secretsDir: " + secrets + "\n");

        Result first = host.remote("bootstrap", target);
        assertThat(first.exitCode()).as(first.all()).isZero();
        JsonNode j1 = new ObjectMapper().readTree(first.stdout());
        assertThat(j1.get("changed").asBoolean()).isTrue();
        assertThat(j1.at("/hosts/0/changed").toString()).contains("created " + remoteDir).contains("created " + secrets);
        assertThat(j1.at("/hosts/0/unchanged").toString()).contains("docker").contains("compose");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(remoteDir)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));

        Result second = host.remote("bootstrap", target);
        assertThat(second.exitCode()).as(second.all()).isZero();
        JsonNode j2 = new ObjectMapper().readTree(second.stdout());
        assertThat(j2.get("changed").asBoolean()).isFalse();
        assertThat(j2.at("/hosts/0/changed")).isEmpty();

        // A directory whose mode drifted is put right, and only that is reported.
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result third = host.remote("bootstrap", target);
        assertThat(third.exitCode()).as(third.all()).isZero();
        JsonNode j3 = new ObjectMapper().readTree(third.stdout());
        assertThat(j3.at("/hosts/0/changed")).as(third.all()).hasSize(1);
        assertThat(j3.at("/hosts/0/changed/0").asText()).contains("mode of " + secrets);
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
