package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.Durations;
import io.inventiv.pipeline.oci.RegistryHost;
import io.inventiv.pipeline.oci.RegistryOptions;
import picocli.CommandLine.Option;

/** The registry connection flags shared by digest and promote (a picocli mixin). */
final class RegistryFlags {
    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust this CA (PEM) besides the JDK's for https registries.")
    Path caFile;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Allow plain http to this registry (loopback is always allowed); without a port, every port of HOST. Repeatable.")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Limit per registry call, retries included (default: ${DEFAULT-VALUE}).")
    String timeout = Durations.format(RegistryOptions.DEFAULT_CALL_TIMEOUT);

    RegistryOptions options() {
        insecureRegistries.forEach(h -> RegistryHost.check("--insecure-registry", h));
        return new RegistryOptions(caFile, insecureRegistries).withCallTimeout(Durations.parse("--timeout", timeout));
    }
}
