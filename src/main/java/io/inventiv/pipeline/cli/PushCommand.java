package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "push", description = "Log in, push, and verify the registry holds the digests and platforms.")
public final class PushCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("push", 3);
    }
}
