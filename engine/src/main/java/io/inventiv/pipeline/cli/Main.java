package io.inventiv.pipeline.cli;

import java.util.List;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.KnownSecrets;
import io.inventiv.pipeline.exec.RedactingOutputStream;
import io.inventiv.pipeline.exec.Redactor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code inventiv-pipeline} engine CLI. */
@Command(name = "inventiv-pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Container CI/CD engine driven by the inventiv-pipeline Jenkins steps.")
public final class Main implements Runnable {

    /** Every command, in the order help lists them (docs/cli.md). */
    static final List<String> COMMANDS = List.of("gate", "scan-keys", "check-versions", "check-migrations",
            "check-lockfile", "build", "push", "digest", "promote", "validate-env", "render-env", "deploy", "rollback",
            "status", "logs", "bootstrap", "help");

    /**
     * A new instance of the named command, or null for an unknown name. A switch, not a map of
     * constructor references: each of those is a lambda to link at start-up, and every command
     * class would load for a run that needs one (≈ 10 ms of each step's start).
     */
    static Object newCommand(String name) {
        switch (name) {
            case "gate": return new GateCommand();
            case "scan-keys": return new ScanKeysCommand();
            case "check-versions": return new CheckVersionsCommand();
            case "check-migrations": return new CheckMigrationsCommand();
            case "check-lockfile": return new CheckLockfileCommand();
            case "build": return new BuildCommand();
            case "push": return new PushCommand();
            case "digest": return new DigestCommand();
            case "promote": return new PromoteCommand();
            case "validate-env": return new ValidateEnvCommand();
            case "render-env": return new RenderEnvCommand();
            case "deploy": return new DeployCommand();
            case "rollback": return new RollbackCommand();
            case "status": return new StatusCommand();
            case "logs": return new LogsCommand();
            case "bootstrap": return new BootstrapCommand();
            case "help": return new CommandLine.HelpCommand();
            default: return null;
        }
    }

    /** The footer of every --help: the exit codes the Jenkins steps act on (docs/cli.md lists them too). */
    static final String[] EXIT_CODES = {
        "",
        "Exit codes:",
        "  0  done (checks passed, images pushed, tags moved, hosts deployed)",
        "  1  failed: a check, the registry, docker or a host (the line says which)",
        "  2  bad input: one line names the flag or file key and the fix;",
        "     nothing was run or written",
        "  3  deploy, rollback: another run held the host's lock past --lock-wait",
        "With --json a failure also prints {\"error\":\"...\",\"exitCode\":N}.",
        "Every command and flag: docs/cli.md.",
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        RedactingOutputStream.installOnConsole(Redactor.global());
        int code = execute(args);
        RedactingOutputStream.drainConsole();
        System.exit(code);
    }

    /** Runs the CLI and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        ErrorReporter errors = new ErrorReporter();
        try {
            KnownSecrets.register(System.getenv(), Redactor.global());
        } catch (UsageException e) {
            String name = args.length > 0 && COMMANDS.contains(args[0]) ? args[0] : "inventiv-pipeline";
            return errors.refuse(name, e, List.of(args).contains("--json"));
        }
        EngineCommand bound = FastArgs.bind(args);
        if (bound != null) {
            return errors.run(args[0], bound);
        }
        return commandLine(args.length > 0 ? args[0] : null)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
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
        cl.getCommandSpec().usageMessage().footer(EXIT_CODES);
        if (first != null && !first.equals("help") && COMMANDS.contains(first)) {
            cl.addSubcommand(first, newCommand(first));
        } else if (!"--version".equals(first) && !"-V".equals(first)) {
            for (String name : COMMANDS) {
                cl.addSubcommand(name, newCommand(name));
            }
        }
        // Every command answers --help and --version, whether or not it declares them.
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
                sub.getCommandSpec().versionProvider(new VersionProvider());
                sub.getCommandSpec().usageMessage().footer(EXIT_CODES);
            }
        });
        // after the subcommands are added: the setting reaches them only then
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
