package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.deploy.DeployTarget;

class TargetFileTest {
    static final String MINIMAL = """
            hosts: [127.0.0.1]
            remoteDir: /opt/app
            composeFile: docker-compose.yml
            releaseServices: { api: 127.0.0.1:5000/app-api, worker: 127.0.0.1:5000/app-worker }
            imageEnvKeys: { api: API_IMAGE, worker: WORKER_IMAGE }
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("target.yml"), yaml);
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws IOException {
        DeployTarget t = TargetFile.read(write(MINIMAL));
        assertThat(t.port()).isEqualTo(22);
        assertThat(t.keepReleases()).isEqualTo(3);
        assertThat(t.userCandidates()).containsExactly("ubuntu", "debian", "root");
        assertThat(t.rollbackAuto()).isTrue();
        assertThat(t.composeFile()).isEqualTo(dir.resolve("docker-compose.yml"));
    }

    @Test
    void aQuotedNumberIsANumber() throws IOException {
        DeployTarget t = TargetFile.read(write(MINIMAL + "port: \"2222\"\nkeepReleases: '5'\ntimeouts: { health: 3s }\n"));
        assertThat(t.port()).isEqualTo(2222);
        assertThat(t.keepReleases()).isEqualTo(5);
        assertThat(t.timeouts()).containsEntry("health", Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            port a word            | port: ssh                     | port: expected a port number from 1 to 65535, got "ssh"
            port zero              | port: 0                       | port: expected a port number from 1 to 65535, got 0
            port too high          | port: 65536                   | port: expected a port number from 1 to 65535, got 65536
            port negative          | port: -22                     | port: expected a port number from 1 to 65535, got -22
            port fraction          | port: 22.5                    | port: expected a port number from 1 to 65535, got 22.5
            port huge              | port: 99999999999999999999999 | port: expected a port number from 1 to 65535, got 99999999999999999999999
            keep many              | keepReleases: many            | keepReleases: expected a whole number ≥ 1, got "many"
            keep zero              | keepReleases: 0               | keepReleases: expected a whole number ≥ 1, got 0
            unknown key            | colour: blue                  | colour: unknown key
            duplicate key          | `hosts: [a.example.com]`      | hosts: given twice
            empty candidates       | userCandidates: []            | userCandidates: is empty
            bad candidate          | `userCandidates: [Root]`      | userCandidates: 'Root' is not a user name
            bad user               | user: "a b"                   | user: not a user name
            host and hosts         | host: b.example.com           | host: given together with hosts
            bad host key           | hostKey: "host ssh-ed25519 AAAA" | hostKey: not a public host key line
            rollback sometimes     | rollback: sometimes           | rollback: 'sometimes' is neither auto nor off
            unknown timeout        | timeouts: { coffee: 5m }      | timeouts.coffee: unknown timeout
            timeout a word         | timeouts: { health: soon }    | timeouts.health: 'soon' is not a duration
            timeouts a list        | timeouts: [5m]                | timeouts: expected a mapping of key: value, got a list
            empty packages         | bootstrapPackages: []         | bootstrapPackages: is empty
            bad package            | `bootstrapPackages: ["tree;reboot"]` | bootstrapPackages: 'tree;reboot' is not a Debian package name
            environment a list     | environment: [a]              | environment: expected a single value, got a list
            environment two lines  | `environment: "a\\nb"`        | environment: contains a control character
            """)
    void aBadValueIsNamedByFileAndKey(String why, String line, String message) throws IOException {
        Path file = write(MINIMAL + line + "\n");
        assertThatThrownBy(() -> TargetFile.read(file))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(file + ": " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "com.fasterxml", "Integer", "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no hosts                 | hosts: [127.0.0.1]           | hosts: []                              | hosts: no host is set
            host twice               | hosts: [127.0.0.1]           | hosts: [127.0.0.1, 127.0.0.1]          | hosts: '127.0.0.1' is listed twice
            host with a space        | hosts: [127.0.0.1]           | hosts: ["a b"]                          | hosts: 'a b' is not a host
            relative remote dir      | remoteDir: /opt/app          | remoteDir: opt/app                      | remoteDir: 'opt/app' is not an absolute path
            no remote dir            | remoteDir: /opt/app          | remoteDir:                              | remoteDir: missing
            compose file a path      | composeFile: docker-compose.yml | composeFile: "../x y.yml"           | composeFile: 'x y.yml' is not a plain file name
            service twice            | worker: WORKER_IMAGE         | worker: API_IMAGE                       | imageEnvKeys.worker: env-file key API_IMAGE is used twice
            env key of no service    | worker: WORKER_IMAGE         | worker: WORKER_IMAGE, cron: CRON_IMAGE  | imageEnvKeys.cron: not a service of releaseServices
            env key not a name       | worker: WORKER_IMAGE         | worker: WORKER-IMAGE                    | imageEnvKeys.worker: 'WORKER-IMAGE' is not an env-file key
            repository uppercase     | 127.0.0.1:5000/app-worker    | 127.0.0.1:5000/App                      | releaseServices.worker: '127.0.0.1:5000/App' is
            service name bad         | worker: 127.0.0.1:5000/app-worker | "-w": 127.0.0.1:5000/app-worker  | releaseServices.-w: not a compose service name
            services a list          | 'releaseServices: { api: 127.0.0.1:5000/app-api, worker: 127.0.0.1:5000/app-worker }' | 'releaseServices: [api]' | releaseServices: expected a mapping of key: value, got a list
            """)
    void aBadValueInTheBaseFileIsNamedToo(String why, String from, String to, String message) throws IOException {
        Path file = write(MINIMAL.replace(from, to));
        assertThat(MINIMAL).contains(from);
        assertThatThrownBy(() -> TargetFile.read(file))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(file + ": " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.", "com.fasterxml", "\n"));
    }

    @Test
    void anEmptyFileOrAListIsRefusedInAPlainSentence() throws IOException {
        Path empty = write("");
        assertThatThrownBy(() -> TargetFile.read(empty)).hasMessageStartingWith(empty + ": is empty");
        Path list = write("- hosts: [a]\n");
        assertThatThrownBy(() -> TargetFile.read(list)).hasMessageStartingWith(list + ": expected a mapping of keys, got a list");
        assertThatThrownBy(() -> TargetFile.read(dir.resolve("none.yml"))).hasMessageStartingWith("--target-file: file ");
        assertThatThrownBy(() -> TargetFile.read(dir)).hasMessageStartingWith("--target-file: " + dir + " is a directory");
    }
}
