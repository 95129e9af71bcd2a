package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "validate-env", description = "Check every required variable of an environment profile.")
public final class ValidateEnvCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("validate-env", 4);
    }
}
