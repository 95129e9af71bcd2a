package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "digest", description = "Resolve an image reference to its digest.")
public final class DigestCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("digest", 2);
    }
}
