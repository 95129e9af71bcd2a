package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "rollback", description = "Redeploy the previous (or a named) release.")
public final class RollbackCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("rollback", 4);
    }
}
