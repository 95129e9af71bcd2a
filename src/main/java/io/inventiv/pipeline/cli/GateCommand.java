package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "gate", description = "Run the CI checks in parallel and write a JUnit report.")
public final class GateCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("gate", 5);
    }
}
