package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "status", description = "What runs on the host.")
public final class StatusCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("status", 4);
    }
}
