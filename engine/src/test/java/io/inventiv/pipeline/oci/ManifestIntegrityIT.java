package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;
import io.inventiv.pipeline.testsupport.TamperingProxy;

/**
 * What promote and digest ask the registry for, and what they refuse to believe: a real registry
 * behind {@link TamperingProxy} (a test double of a registry that serves other bytes than it stores).
 */
class ManifestIntegrityIT {
    private RegistryServer registry;
    private TamperingProxy proxy;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        registry = RegistryServer.start();
        proxy = new TamperingProxy(registry.baseUrl());
    }

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    @Test
    void everyManifestRequestAcceptsAllFourManifestTypes() {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/amd64", "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, registry.host() + "/team/api:build1");

        Result promoted = EngineProcess.run(Map.of(), null, "promote", "--source",
                proxy.host() + "/team/api@" + digest, "--tag", "staging", "--target-repo", proxy.host() + "/team/web");
        Result resolved = EngineProcess.run(Map.of(), null, "digest", proxy.host() + "/team/api:build1");

        assertThat(promoted.exitCode()).as(promoted.all()).isZero();
        assertThat(resolved.exitCode()).as(resolved.all()).isZero();
        assertThat(resolved.stdout().strip()).isEqualTo(digest);
        // The cross-repository promote reads the index, its children and both tags; digest adds its HEAD.
        assertThat(proxy.manifestRequests()).hasSizeGreaterThanOrEqualTo(6)
                .extracting(TamperingProxy.ManifestRequest::method).contains("GET", "HEAD", "PUT");
        for (TamperingProxy.ManifestRequest m : proxy.manifestRequests()) {
            if (m.method().equals("PUT")) {
                continue;
            }
            assertThat(m.accept()).as(m.method() + " " + m.path()).contains(MediaType.OCI_MANIFEST)
                    .contains(MediaType.OCI_INDEX).contains(MediaType.DOCKER_MANIFEST)
                    .contains(MediaType.DOCKER_MANIFEST_LIST);
        }
    }

    @Test
    void bytesThatDoNotHashToTheDigestAreRefusedBeforeAnyWrite() {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/arm64");
        String digest = OciImages.topDigest(layout);
        OciImages.push(layout, registry.host() + "/team/api:build1");
        proxy.tamperWithManifests();

        Result r = EngineProcess.run(Map.of(), null, "promote", "--source", proxy.host() + "/team/api@" + digest,
                "--tag", "staging", "--json");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains(digest).contains("hash to").doesNotContain("Exception");
        assertThat(r.stdout()).contains("\"exitCode\":1");
        assertThat(proxy.manifestRequests()).extracting(TamperingProxy.ManifestRequest::method)
                .doesNotContain("PUT");
        assertThat(OciImages.exists(registry.host() + "/team/api:staging")).isFalse();
    }
}
