package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "bootstrap", description = "Prepare a fresh VM.")
public final class BootstrapCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("bootstrap", 4);
    }
}
