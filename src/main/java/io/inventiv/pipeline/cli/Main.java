package io.inventiv.pipeline.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code inventiv-pipeline} engine CLI. */
@Command(name = "inventiv-pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Container CI/CD engine driven by the inventiv-pipeline Jenkins steps.")
public final class Main implements Runnable {

    /** Every command, in the order help lists them (DESIGN.md §3). */
    static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("gate", GateCommand::new);
        COMMANDS.put("scan-keys", ScanKeysCommand::new);
        COMMANDS.put("check-versions", CheckVersionsCommand::new);
        COMMANDS.put("check-migrations", CheckMigrationsCommand::new);
        COMMANDS.put("check-lockfile", CheckLockfileCommand::new);
        COMMANDS.put("build", BuildCommand::new);
        COMMANDS.put("push", PushCommand::new);
        COMMANDS.put("digest", DigestCommand::new);
        COMMANDS.put("promote", PromoteCommand::new);
        COMMANDS.put("validate-env", ValidateEnvCommand::new);
        COMMANDS.put("render-env", RenderEnvCommand::new);
        COMMANDS.put("deploy", DeployCommand::new);
        COMMANDS.put("rollback", RollbackCommand::new);
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("logs", LogsCommand::new);
        COMMANDS.put("bootstrap", BootstrapCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

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
        EngineCommand bound = FastArgs.bind(args);
        if (bound != null) {
            return errors.run(args[0], bound);
        }
        return commandLine(args.length > 0 ? args[0] : null)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    /**
     * The command line for one invocation. Every pipeline step starts a fresh JVM, and building
     * picocli's model of all commands costs ~150 ms of CPU, so a known command gets only its own
     * model; {@code --version} needs none; anything else (help, an unknown word) gets all of them
     * for the listing.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        if (first != null && !first.equals("help") && COMMANDS.containsKey(first)) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else if (!"--version".equals(first) && !"-V".equals(first)) {
            COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        // Every command answers --help and --version, whether or not it declares them.
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        });
        return cl;
    }
}
