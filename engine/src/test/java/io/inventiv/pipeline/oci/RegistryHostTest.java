package io.inventiv.pipeline.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;

/** The one check of --insecure-registry HOST[:PORT], for build/push and digest/promote alike. */
class RegistryHostTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"registry.internal,registry.internal", "Registry.Internal:5000,Registry.Internal:5000",
            "10.0.0.7:443,10.0.0.7:443", "[::1]:5000,[::1]:5000", "localhost,localhost", "h:65535,h:65535"})
    void acceptsAHostWithAnOptionalPort(String given, String kept) {
        assertThat(RegistryHost.check("--insecure-registry", given)).isEqualTo(kept);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b                    | is not a HOST[:PORT]
            http://registry        | is not a HOST[:PORT]
            ''                     | is not a HOST[:PORT]
            registry:              | is not a HOST[:PORT]
            registry:port          | is not a HOST[:PORT]
            -registry              | is not a HOST[:PORT]
            registry:0             | is not a port number from 1 to 65535
            registry:65536         | is not a port number from 1 to 65535
            registry:99999         | is not a port number from 1 to 65535
            """)
    void refusesAnythingElseByName(String given, String problem) {
        assertThatThrownBy(() -> RegistryHost.check("--insecure-registry", given))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--insecure-registry: ")
                .hasMessageContaining(problem);
    }
}
