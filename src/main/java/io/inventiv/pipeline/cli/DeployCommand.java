package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "deploy", description = "Remote update over SSH.")
public final class DeployCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("deploy", 4);
    }
}
