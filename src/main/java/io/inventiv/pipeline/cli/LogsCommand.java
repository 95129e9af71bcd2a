package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "logs", description = "Recent logs of a service on the host.")
public final class LogsCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("logs", 4);
    }
}
