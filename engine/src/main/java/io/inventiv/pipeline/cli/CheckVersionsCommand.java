package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.inventiv.pipeline.gate.VersionCheck;
import io.inventiv.pipeline.gate.VersionCheck.Found;
import io.inventiv.pipeline.gate.VersionCheck.Report;
import io.inventiv.pipeline.gate.VersionSource;
import io.inventiv.pipeline.gate.VersionSource.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check-versions", description = "Assert that several files agree on a version.")
public final class CheckVersionsCommand extends EngineCommand {

    @Option(names = "--toml", paramLabel = "PATH=KEY", description = "A TOML file and dotted key, e.g. agent/Cargo.toml=package.version. Repeatable.")
    List<String> toml = new ArrayList<>();

    @Option(names = "--json-key", paramLabel = "PATH=KEY", description = "A JSON file and dotted key, e.g. frontend/package.json=version. Repeatable.")
    List<String> jsonKeys = new ArrayList<>();

    @Option(names = "--regex", paramLabel = "PATH=REGEX", description = "A file and a regex; its 'version' group (else group 1) is the version. Repeatable.")
    List<String> regex = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file listing the sources (see docs/gate.md).")
    Path config;

    @Option(names = "--source-dir", paramLabel = "DIR",
            description = "The git checkout: base of relative paths (default: the current directory).")
    Path sourceDir = Path.of("");

    @Override
    protected Object execute() {
        if (!java.nio.file.Files.isDirectory(sourceDir.toAbsolutePath())) {
            throw io.inventiv.pipeline.UsageException.field("--source-dir", "directory " + sourceDir + " does not exist",
                    "give the checkout the paths are relative to");
        }
        List<VersionSource> sources = new ArrayList<>();
        if (config != null) {
            sources.addAll(VersionCheck.readConfig(config));
        }
        toml.forEach(v -> sources.add(VersionSource.fromFlag("--toml", Kind.TOML, v)));
        jsonKeys.forEach(v -> sources.add(VersionSource.fromFlag("--json-key", Kind.JSON, v)));
        regex.forEach(v -> sources.add(VersionSource.fromFlag("--regex", Kind.REGEX, v)));
        Object report = new VersionCheck().check(sourceDir.toAbsolutePath(), sources);
        return report;
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        Report r = (Report) result;
        int width = r.versions().stream().mapToInt(f -> where(f).length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (Found f : r.versions()) {
            b.append(String.format("%-" + width + "s  %s%n", where(f), f.version()));
        }
        if (r.agree()) {
            b.append("versions agree: ").append(r.version());
        } else {
            b.append("versions disagree: ").append(r.versions().stream()
                    .collect(Collectors.groupingBy(Found::version, java.util.LinkedHashMap::new,
                            Collectors.mapping(Found::path, Collectors.joining(", "))))
                    .entrySet().stream().map(e -> e.getKey() + " in " + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b.toString();
    }

    private static String where(Found f) {
        return f.path() + " (" + f.kind() + " " + f.selector() + ")";
    }

    @Override
    protected int exitCode(Object result) {
        return ((Report) result).agree() ? 0 : 1;
    }
}
