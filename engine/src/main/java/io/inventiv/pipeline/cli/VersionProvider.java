package io.inventiv.pipeline.cli;

import picocli.CommandLine.IVersionProvider;

/** The engine version, from the jar manifest (the steps compare it with engine.properties). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"inventiv-pipeline " + (v == null ? "dev" : v)};
    }
}
