package io.inventiv.pipeline.cli;

import java.util.List;
import java.util.Map;

import io.inventiv.pipeline.build.BuildResult;
import io.inventiv.pipeline.build.ImagePusher;
import io.inventiv.pipeline.build.ImageSpec;
import io.inventiv.pipeline.build.Revision;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "push", description = "Log in, push, and verify the registry holds the digests and platforms.")
public final class PushCommand extends EngineCommand {
    @Mixin
    ImageSetOptions set;

    /** JSON of push: the images as the registry now holds them, all verified. */
    public record PushResult(List<BuildResult.Image> images, boolean verified) {
    }

    @Override
    protected Object execute() {
        Map<String, String> env = ImageSetOptions.environment();
        CommandRunner runner = new CommandRunner();
        set.checkFlags();
        // push sends images already built: it needs their repositories, not a context or Dockerfile.
        List<ImageSpec> images = set.images(env, false);
        List<Platform> platforms = set.platforms();
        Revision revision = set.revision(runner, env);
        List<String> tags = set.tags(revision);
        ImagePusher pusher = new ImagePusher(set.tools(env, runner, OutputListener.prefixed("  "), images));
        return new PushResult(pusher.push(images, tags, platforms), true);
    }

    @Override
    protected String render(Object result) {
        StringBuilder b = new StringBuilder();
        for (BuildResult.Image i : ((PushResult) result).images()) {
            b.append(i.name()).append(": ").append(i.image()).append('@').append(i.digest()).append(' ')
                    .append(i.tags()).append(" verified\n");
        }
        return b.toString().stripTrailing();
    }
}
