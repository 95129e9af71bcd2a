package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "build", description = "Build the images of a release set for the target platforms.")
public final class BuildCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("build", 3);
    }
}
