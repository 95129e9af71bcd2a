package io.inventiv.pipeline.build;

import java.util.ArrayList;
import java.util.List;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.oci.Digest;
import io.inventiv.pipeline.oci.Platform;

/**
 * The {@code push} command: pushes the computed tags of images already in the local daemon
 * with a temporary login, reads the digest back from the registry and verifies it.
 */
public final class ImagePusher {
    private final DockerTools tools;

    public ImagePusher(DockerTools tools) {
        this.tools = tools;
    }

    public List<BuildResult.Image> push(List<ImageSpec> images, List<String> tags, List<Platform> platforms) {
        BuildkitCommand cmds = new BuildkitCommand(tools.docker());
        try (RegistryLogin login = RegistryLogin.open(tools.docker(), ImageSetBuilder.registries(images), tools.env(),
                tools.runner(), tools.listener())) {
            RegistryCheck registry = tools.registry().get();
            List<BuildResult.Image> out = new ArrayList<>();
            for (ImageSpec image : images) {
                for (String tag : tags) {
                    String ref = ImageNames.tagged(image.repository(), tag);
                    tools.runner().runChecked(Command.of(cmds.push(ref)).withEnv(login.env()), tools.listener(),
                            "push " + ref);
                }
                Digest digest = registry.resolve(image.repository().withTag(tags.get(0)))
                        .orElseThrow(() -> new EngineException("push " + image.repository() + ":" + tags.get(0)
                                + ": the registry does not have the tag after the push"));
                new PushVerifier(registry).verify(image.repository(), tags, digest, platforms);
                out.add(new BuildResult.Image(image.name(), image.repository().name(), digest.toString(), tags,
                        ImageSetBuilder.platformNames(platforms)));
            }
            return out;
        }
    }
}
