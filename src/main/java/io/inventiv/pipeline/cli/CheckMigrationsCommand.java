package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "check-migrations", description = "Refuse changes to migrations that were already deployed.")
public final class CheckMigrationsCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("check-migrations", 5);
    }
}
