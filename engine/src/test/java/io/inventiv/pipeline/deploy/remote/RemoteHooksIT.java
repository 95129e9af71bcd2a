package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.FreePort;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * The pre-deploy hook, the certificate hook and a URL health check, in their place in the
 * host-side sequence: pre-deploy before the pull, the certificate hook after the pull and before
 * {@code up -d}, the URL fetched on the host (a real HTTP server on the host's loopback).
 */
class RemoteHooksIT {

    @Test
    void hooksRunInOrderAFailingCertHookChangesNothingAndAFailingUrlHealthCheckRollsBack() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api = host.image("app-api", "hooks", "healthy");
        String api2 = host.image("app-api", "v2", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");

        Path www = Files.createTempDirectory(host.work, "www");
        Files.writeString(www.resolve("health"), "ok\n");
        int port = FreePort.find();
        Path httpLog = host.work.resolve("http-" + port + ".log");
        Process http = new ProcessBuilder("/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1",
                "--directory", www.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(httpLog.toFile()).start();
        try {
            FreePort.awaitListening(port, Duration.ofSeconds(30), http);
            Path hookLog = host.work.resolve("hooks.log");
            Path certFails = host.work.resolve("cert-fails");
            // Each hook records whether the release's api image is on the host yet and whether an api container runs.
            String probe = "set -a; . ./.env; set +a; "
                    + "if docker image inspect \\\"$API_IMAGE\\\" >/dev/null 2>&1; then p=pulled; else p=absent; fi; "
                    + "if docker ps -q --filter label=com.docker.compose.service=api --filter label=com.docker.compose.project="
                    + RemoteFixture.projectName(host.work.resolve("hooked")) + " | grep -q .; then c=api-running; else c=api-absent; fi; ";
            String extra = "preDeployHook: \"" + probe + "echo pre $p $c >>" + hookLog + "\"\n"
                    + "certHook: \"[ ! -e " + certFails + " ] || exit 7; " + probe + "echo cert $p $c >>" + hookLog + "\"\n";
            Setup s = host.setup("hooked", extra);
            Path target = s.local().resolve("url-health.yml");
            Files.writeString(target, host.read(s.target()).replaceAll("(?m)^healthCheck:.*$",
                    "healthCheck: http://127.0.0.1:" + port + "/health"));

            Result first = deploy(host, s, target, "h1", api, worker);
            assertThat(first.exitCode()).as(first.all()).isZero();
            // pre-deploy: before the pull; cert: after the pull, before up -d started the api.
            assertThat(host.read(hookLog).lines()).containsExactly("pre absent api-absent", "cert pulled api-absent");
            assertThat(host.read(httpLog)).contains("GET /health");
            String apiContainer = host.containerId(s.project(), "api");
            String envBefore = host.read(s.project().resolve(".env"));

            // A failing certificate hook stops the update before up -d: old files back, nothing restarted.
            Files.writeString(certFails, "");
            Result cert = deploy(host, s, target, "h2", api2, worker);
            assertThat(cert.exitCode()).as(cert.all()).isEqualTo(1);
            assertThat(new ObjectMapper().readTree(cert.stdout()).get("result").asText()).isEqualTo("failed");
            assertThat(new ObjectMapper().readTree(cert.stdout()).at("/hosts/0/running").asText())
                    .as("failed before up: the previous release still runs").isEqualTo("previous");
            assertThat(cert.stderr()).contains("the certificate hook failed");
            assertThat(host.read(s.project().resolve(".env"))).isEqualTo(envBefore);
            assertThat(host.containerId(s.project(), "api")).isEqualTo(apiContainer);
            assertThat(s.project().resolve(".inventiv/lock")).doesNotExist();
            Files.delete(certFails);

            // The URL answers 404 now: the health check fails, the previous release comes back.
            Files.delete(www.resolve("health"));
            Result sick = deploy(host, s, target, "h3", api2, worker);
            assertThat(sick.exitCode()).as(sick.all()).isEqualTo(1);
            assertThat(new ObjectMapper().readTree(sick.stdout()).get("result").asText()).isEqualTo("rolled-back");
            assertThat(new ObjectMapper().readTree(sick.stdout()).at("/hosts/0/running").asText()).isEqualTo("previous");
            assertThat(sick.stderr()).contains("health check failed");
            assertThat(host.read(httpLog)).contains("\"GET /health HTTP/1.1\" 404");
            assertThat(host.imageOf(s.project(), "api")).isEqualTo(api);
            assertThat(AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log"))))
                    .extracting(AuditEntry::result).containsExactly("ok", "failed", "rolled-back");
        } finally {
            Processes.stop(http);
        }
    }

    private static Result deploy(RemoteFixture host, Setup s, Path target, String build, String api, String worker) {
        return host.remote("deploy", target, "--env-file", s.env().toString(), "--build", build,
                "--image", "api=" + api, "--image", "worker=" + worker);
    }
}
