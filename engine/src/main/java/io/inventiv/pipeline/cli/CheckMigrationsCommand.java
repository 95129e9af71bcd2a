package io.inventiv.pipeline.cli;

import java.nio.file.Path;

import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.gate.MigrationGuard;
import io.inventiv.pipeline.gate.MigrationGuard.Problem;
import io.inventiv.pipeline.gate.MigrationGuard.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check-migrations", description = "Refuse changes to migrations that were already deployed.")
public final class CheckMigrationsCommand extends EngineCommand {

    @Option(names = "--source-dir", paramLabel = "DIR", description = "The git checkout (default: the current directory).")
    Path sourceDir = Path.of("");

    @Option(names = "--migrations-dir", paramLabel = "DIR",
            description = "The sqlx migrations directory, relative to --source-dir (default: ${DEFAULT-VALUE}).")
    Path migrationsDir = Path.of("sqlx-migrations");

    @Option(names = "--since", paramLabel = "REV", description = "The last deployed commit: its migrations may not change.")
    String since;

    @Override
    protected Object execute() {
        if (!java.nio.file.Files.isDirectory(sourceDir.toAbsolutePath())) {
            throw io.inventiv.pipeline.UsageException.field("--source-dir", "directory " + sourceDir + " does not exist",
                    "give the git checkout");
        }
        Object report = new MigrationGuard(new CommandRunner()).check(sourceDir.resolve(migrationsDir), since);
        return report;
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        Report r = (Report) result;
        if (r.ok()) {
            return r.dir() + ": " + r.count() + " migrations" + (r.newest() == null ? "" : ", newest version " + r.newest())
                    + (r.since() == null ? "; nothing uncommitted" : "; nothing uncommitted, deployed ones unchanged since " + r.since());
        }
        StringBuilder b = new StringBuilder(r.dir() + ": " + r.problems().size() + " problem(s):");
        for (Problem p : r.problems()) {
            b.append("\n  ").append(p.path()).append(": ").append(p.problem());
        }
        return b.toString();
    }

    @Override
    protected int exitCode(Object result) {
        return ((Report) result).ok() ? 0 : 1;
    }
}
