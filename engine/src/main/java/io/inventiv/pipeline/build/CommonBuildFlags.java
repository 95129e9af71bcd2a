package io.inventiv.pipeline.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The flags {@code docker build} and {@code docker buildx build} share, in one order, so the
 * BuildKit fallback builds exactly what buildx would: target, tags, labels, build args,
 * secrets, network.
 */
final class CommonBuildFlags {
    private CommonBuildFlags() {
    }

    static List<String> of(BuildRequest r, ImageSpec image) {
        List<String> argv = new ArrayList<>();
        if (image.target() != null) {
            argv.addAll(List.of("--target", image.target()));
        }
        for (String tag : r.tags()) {
            argv.addAll(List.of("--tag", ImageNames.tagged(image.repository(), tag)));
        }
        for (Map.Entry<String, String> label : r.labels().entrySet()) {
            argv.addAll(List.of("--label", label.getKey() + "=" + label.getValue()));
        }
        for (String arg : r.buildArgs()) {
            argv.addAll(List.of("--build-arg", arg));
        }
        for (BuildSecret secret : r.secrets()) {
            argv.addAll(List.of("--secret", secret.argument()));
        }
        if (r.network() != null) {
            argv.addAll(List.of("--network", r.network()));
        }
        return argv;
    }
}
