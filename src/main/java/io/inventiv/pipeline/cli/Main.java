package io.inventiv.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code inventiv-pipeline} engine CLI. */
@Command(name = "inventiv-pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Container CI/CD engine driven by the inventiv-pipeline Jenkins steps.",
        subcommands = {
            GateCommand.class,
            ScanKeysCommand.class,
            CheckVersionsCommand.class,
            CheckMigrationsCommand.class,
            CheckLockfileCommand.class,
            BuildCommand.class,
            PushCommand.class,
            DigestCommand.class,
            PromoteCommand.class,
            ValidateEnvCommand.class,
            RenderEnvCommand.class,
            DeployCommand.class,
            RollbackCommand.class,
            StatusCommand.class,
            LogsCommand.class,
            BootstrapCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
