package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.FaultInjectingProxy;
import io.inventiv.pipeline.testsupport.FaultInjectingProxy.Fault;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.Processes;
import io.inventiv.pipeline.testsupport.RegistryServer;

/**
 * promote through {@link FaultInjectingProxy} (a test double of a flaky network in front of a
 * real registry): it either succeeds after retries or fails with a clear message, and the tag
 * never points at anything but its old or its new digest.
 */
class FaultInjectionIT {
    private static RegistryServer registry;
    private static String v1;
    private static String v2;

    @TempDir
    static Path tmp;

    private FaultInjectingProxy proxy;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
        Path one = OciImages.index(tmp.resolve("v1"), 1, "linux/amd64", "linux/arm64");
        Path two = OciImages.index(tmp.resolve("v2"), 1, "linux/amd64", "linux/arm64");
        OciImages.push(one, registry.host() + "/app/api:v1");
        OciImages.push(two, registry.host() + "/app/api:v2");
        v1 = OciImages.topDigest(one);
        v2 = OciImages.topDigest(two);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void resetTagAndProxy() {
        // stable starts at v1 for every test, set by skopeo, not by the engine
        Processes.run(java.util.List.of("skopeo", "copy", "--quiet", "--all", "--preserve-digests",
                "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + registry.host() + "/app/api:v1",
                "docker://" + registry.host() + "/app/api:stable"));
        proxy = new FaultInjectingProxy(registry.baseUrl());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    private Result promote(String digest, String... extra) {
        String[] argv = new String[5 + extra.length];
        System.arraycopy(new String[] {"promote", "--source", proxy.host() + "/app/api@" + digest, "--tag", "stable"},
                0, argv, 0, 5);
        System.arraycopy(extra, 0, argv, 5, extra.length);
        return EngineProcess.run(null, null, argv);
    }

    private static String stable() {
        return OciImages.registryDigest(registry.host() + "/app/api:stable");
    }

    @Test
    void transientFaultsOnEveryStepAreRetriedAndThePromoteSucceeds() throws Exception {
        proxy.next("GET", "/manifests/", Fault.UNAVAILABLE, Fault.TOO_MANY_REQUESTS)
                .next("HEAD", "/manifests/", Fault.DROP)
                .next("PUT", "/manifests/", Fault.INTERNAL_ERROR, Fault.DROP_AFTER_FORWARD);

        Result r = promote(v2, "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(proxy.log()).hasSize(5);
        // 4 requests without faults + 5 faulted ones: the engine counts every request on the wire,
        // the transport's own resend of a request a kept-alive connection lost included.
        assertThat(new ObjectMapper().readTree(r.stdout()).get("requests").asInt()).isEqualTo(9);
        assertThat(proxy.requests()).isEqualTo(9);
        assertThat(stable()).isEqualTo(v2);
    }

    @Test
    void theSourceGetAndTheTagHeadTravelTogether() throws Exception {
        proxy.delay(800).next("GET", "/manifests/", Fault.DELAY);

        Result r = promote(v2, "--json");

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<FaultInjectingProxy.Arrival> arrivals = proxy.arrivals();
        FaultInjectingProxy.Arrival get = arrivals.stream().filter(a -> a.method().equals("GET")).findFirst().orElseThrow();
        FaultInjectingProxy.Arrival head = arrivals.stream()
                .filter(a -> a.method().equals("HEAD") && a.path().endsWith("/manifests/stable")).findFirst().orElseThrow();
        // The HEAD of the tag does not wait for the (slow) answer to the GET of the source.
        assertThat(Math.abs(head.nanos() - get.nanos()) / 1_000_000).as(arrivals.toString()).isLessThan(400);
        assertThat(new ObjectMapper().readTree(r.stdout()).get("requests").asInt()).isEqualTo(4);
        assertThat(stable()).isEqualTo(v2);
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedOnlyAfterItsRetryAfter() {
        proxy.retryAfter(2).next("GET", "/manifests/", Fault.TOO_MANY_REQUESTS);

        Result r = promote(v2);

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<FaultInjectingProxy.Arrival> gets = proxy.arrivals().stream()
                .filter(a -> a.method().equals("GET") && a.path().contains("/manifests/")).toList();
        assertThat(gets).hasSizeGreaterThanOrEqualTo(2);
        long waitedMillis = (gets.get(1).nanos() - gets.get(0).nanos()) / 1_000_000;
        // The engine's own backoff for a first retry is at most 200 ms; Retry-After asks for 2 s.
        assertThat(waitedMillis).isGreaterThanOrEqualTo(2000);
        assertThat(stable()).isEqualTo(v2);
    }

    @Test
    void aRegistryThatStaysUnavailableFailsClearlyAndTheTagKeepsItsOldDigest() {
        proxy.always("PUT", "/manifests/", Fault.UNAVAILABLE);

        Result r = promote(v2);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines().reduce((a, b) -> b).orElseThrow())
                .contains("PUT manifest " + proxy.host() + "/app/api:stable: registry answered 503")
                .contains("gave up after 5 attempts");
        assertThat(stable()).isEqualTo(v1);
    }

    @Test
    void aRegistrySlowerThanTheTimeoutFailsClearly() {
        proxy.delay(3000).always("GET", "/manifests/", Fault.DELAY);

        Result r = promote(v2, "--timeout", "1s");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("GET manifest").contains("timed out");
        assertThat(stable()).isEqualTo(v1);
    }

    @Test
    void underRandomFaultsTheTagOnlyEverHoldsItsOldOrItsNewDigest() {
        proxy.randomly(20261128L, 0.35);
        int succeeded = 0;
        for (int i = 0; i < 6; i++) {
            String target = i % 2 == 0 ? v2 : v1;
            String before = stable();

            Result r = promote(target);

            String after = stable();
            assertThat(after).as("run " + i + ": " + r.all()).isIn(before, target);
            if (r.exitCode() == 0) {
                succeeded++;
                assertThat(after).isEqualTo(target);
            } else {
                assertThat(r.exitCode()).isEqualTo(1);
                assertThat(r.stderr().strip()).isNotEmpty();
            }
        }
        assertThat(proxy.log()).isNotEmpty();
        assertThat(succeeded).isGreaterThan(0);
    }
}
