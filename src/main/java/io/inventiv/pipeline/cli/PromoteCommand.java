package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "promote", description = "Point a tag at the exact manifest of a digest, for one image or a release set.")
public final class PromoteCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("promote", 2);
    }
}
