package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "render-env", description = "Write the env file for the remote host.")
public final class RenderEnvCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("render-env", 4);
    }
}
