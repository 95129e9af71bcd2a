package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.gate.VersionCheck.Found;
import io.inventiv.pipeline.gate.VersionCheck.Report;
import io.inventiv.pipeline.gate.VersionSource.Kind;

class VersionCheckTest {
    @TempDir
    Path repo;

    @BeforeEach
    void files() throws IOException {
        write("agent/Cargo.toml", "[package]\nname = \"agent\"\nversion = \"0.4.2\"\n");
        write("frontend/package.json", "{\"name\":\"web\",\"version\":\"0.4.2\",\"engines\":{\"node\":\">=20\"}}");
        write("agent/src/version.rs", "pub const AGENT_VERSION: &str = \"0.4.2\";\n");
        write("ws/Cargo.toml", "[package]\nname = \"x\"\nversion.workspace = true\n");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), text);
    }

    private static VersionSource toml(String spec) {
        return VersionSource.fromFlag("--toml", Kind.TOML, spec);
    }

    private static VersionSource json(String spec) {
        return VersionSource.fromFlag("--json-key", Kind.JSON, spec);
    }

    private static VersionSource regex(String spec) {
        return VersionSource.fromFlag("--regex", Kind.REGEX, spec);
    }

    @Test
    void agreeingFilesReportEachVersionAndWhere() {
        Report r = new VersionCheck().check(repo, List.of(toml("agent/Cargo.toml=package.version"),
                json("frontend/package.json=version"), regex("agent/src/version.rs=AGENT_VERSION: &str = \"([^\"]+)\"")));

        assertThat(r.agree()).isTrue();
        assertThat(r.version()).isEqualTo("0.4.2");
        assertThat(r.versions()).containsExactly(
                new Found("agent/Cargo.toml", "toml", "package.version", "0.4.2"),
                new Found("frontend/package.json", "json", "version", "0.4.2"),
                new Found("agent/src/version.rs", "regex", "AGENT_VERSION: &str = \"([^\"]+)\"", "0.4.2"));
    }

    @Test
    void disagreementIsReportedNotThrown() throws IOException {
        write("frontend/package.json", "{\"version\":\"0.4.1\"}");
        Report r = new VersionCheck().check(repo, List.of(toml("agent/Cargo.toml=package.version"),
                json("frontend/package.json=version")));

        assertThat(r.agree()).isFalse();
        assertThat(r.version()).isNull();
        assertThat(r.versions()).extracting(Found::version).containsExactly("0.4.2", "0.4.1");
    }

    @Test
    void aNamedVersionGroupWinsOverTheFirstGroup() {
        Report r = new VersionCheck().check(repo, List.of(toml("agent/Cargo.toml=package.version"),
                regex("agent/src/version.rs=(pub) const \\w+: &str = \"(?<version>[^\"]+)\"")));
        assertThat(r.versions().get(1).version()).isEqualTo("0.4.2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing file      | --toml      | nope/Cargo.toml=package.version | --toml nope/Cargo.toml: 
            missing toml key  | --toml      | agent/Cargo.toml=package.edition | --toml agent/Cargo.toml: agent/Cargo.toml has no key package.edition
            workspace version | --toml      | ws/Cargo.toml=package.version   | --toml ws/Cargo.toml: ws/Cargo.toml: package.version is inherited from the workspace
            missing json key  | --json-key  | frontend/package.json=engines.npm | --json-key frontend/package.json: frontend/package.json has no value at engines.npm
            json object       | --json-key  | frontend/package.json=engines   | --json-key frontend/package.json: frontend/package.json has no value at engines
            no regex match    | --regex     | agent/src/version.rs=VERSION = (\\d+) | --regex agent/src/version.rs: agent/src/version.rs has no match
            bad regex         | --regex     | agent/src/version.rs=([        | --regex agent/src/version.rs: '([' is not a valid regular expression
            no separator      | --toml      | agent/Cargo.toml               | --toml: 'agent/Cargo.toml' is not PATH=KEY
            """)
    void missingFilesKeysAndMatchesAreBadInputNamingTheSource(String label, String flag, String spec, String message) {
        Kind kind = switch (flag) {
            case "--toml" -> Kind.TOML;
            case "--json-key" -> Kind.JSON;
            default -> Kind.REGEX;
        };
        assertThatThrownBy(() -> new VersionCheck().check(repo,
                List.of(toml("agent/Cargo.toml=package.version"), VersionSource.fromFlag(flag, kind, spec))))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void fewerThanTwoSourcesIsBadInput() {
        assertThatThrownBy(() -> new VersionCheck().check(repo, List.of(toml("agent/Cargo.toml=package.version"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("only one version source");
    }

    @Test
    void configFileListsTheSourcesAndRejectsUnknownKeys() throws IOException {
        write("versions.yaml", """
                sources:
                  - path: agent/Cargo.toml
                    toml: package.version
                  - path: frontend/package.json
                    json: version
                  - path: agent/src/version.rs
                    regex: 'AGENT_VERSION: &str = "([^"]+)"'
                """);
        List<VersionSource> sources = VersionCheck.readConfig(repo.resolve("versions.yaml"));
        assertThat(sources).extracting(VersionSource::kind).containsExactly(Kind.TOML, Kind.JSON, Kind.REGEX);
        assertThat(new VersionCheck().check(repo, sources).agree()).isTrue();

        write("bad.yaml", "sources:\n  - path: a\n    tomll: package.version\n");
        assertThatThrownBy(() -> VersionCheck.readConfig(repo.resolve("bad.yaml")))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("bad.yaml: sources[0].tomll: unknown key; expected path and one of toml, json, regex");
    }
}
