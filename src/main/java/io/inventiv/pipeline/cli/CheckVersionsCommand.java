package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "check-versions", description = "Assert that several files agree on a version.")
public final class CheckVersionsCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("check-versions", 5);
    }
}
