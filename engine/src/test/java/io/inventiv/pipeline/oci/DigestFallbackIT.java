package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.inventiv.pipeline.testsupport.EngineProcess;
import io.inventiv.pipeline.testsupport.EngineProcess.Result;
import io.inventiv.pipeline.testsupport.ForwardingProxy;
import io.inventiv.pipeline.testsupport.OciImages;
import io.inventiv.pipeline.testsupport.RegistryServer;

/** digest falls back to GET (and hashes the bytes) when a registry front refuses HEAD. */
class DigestFallbackIT {
    private static RegistryServer registry;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** TEST DOUBLE of a registry front without HEAD support: answers 405 to every HEAD. */
    private static final class NoHeadProxy extends ForwardingProxy {
        NoHeadProxy(String backend) {
            super(backend);
        }

        @Override
        protected boolean intercept(HttpExchange ex) throws IOException {
            if ("HEAD".equals(ex.getRequestMethod())) {
                respond(ex, 405, new byte[0]);
                return true;
            }
            return false;
        }
    }

    @Test
    void aRegistryWithoutHeadIsAskedWithGetAndTheBytesAreHashed() throws Exception {
        Path layout = OciImages.index(tmp.resolve("img"), 1, "linux/amd64", "linux/arm64");
        OciImages.push(layout, registry.host() + "/team/nohead:1.0");
        try (NoHeadProxy proxy = new NoHeadProxy(registry.baseUrl())) {
            Result r = EngineProcess.run(null, null, "digest", proxy.host() + "/team/nohead:1.0", "--json");

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(new ObjectMapper().readTree(r.stdout()).get("digest").asText())
                    .isEqualTo(OciImages.registryDigest(registry.host() + "/team/nohead:1.0"));
            assertThat(new ObjectMapper().readTree(r.stdout()).get("requests").asInt()).as("HEAD, then GET").isEqualTo(2);
        }
    }
}
