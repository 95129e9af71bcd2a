package io.inventiv.pipeline.cli;

import picocli.CommandLine.Command;

@Command(name = "scan-keys", description = "Find private keys and tokens in git-tracked files.")
public final class ScanKeysCommand extends EngineCommand {
    @Override
    protected Object execute() {
        throw NotYet.command("scan-keys", 5);
    }
}
