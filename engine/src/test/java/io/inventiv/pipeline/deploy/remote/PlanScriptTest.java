package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan.sh run by a real /bin/sh on a directory laid out as a deploy leaves it: the host's
 * salted hashes agree with the engine's for the same text, whatever the values hold, so
 * "unchanged" means unchanged; and the values themselves never come out.
 */
class PlanScriptTest {
    @TempDir
    Path dir;

    private static final String ENV = "# comment\n"
            + "\n"
            + "PLAIN=value\n"
            + "QUOTED='it''s \"q\" $HOME `id` \\n \\\\'\n"
            + "EQUALS=a=b=c\n"
            + "SPACES=  two  spaces  \n"
            + "EMPTY=\n"
            + "DUP=first\n"
            + "UNICODE=été ✓\n"
            + "CR=windows\r\n"
            + "not a key line\n"
            + "BAD KEY=x\n"
            + "DUP=second\n"
            + "LAST=no-newline";

    HostState run(String salt, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.load("plan.sh"), "plan", dir.toString(),
                "docker-compose.yml"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().write((salt + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).doesNotContain("value").doesNotContain("spaces").doesNotContain("second").doesNotContain("été")
                .doesNotContain("no-newline");
        return HostState.parse(out);
    }

    @Test
    void theHostsHashesOfEachValueAreTheEnginesAndTheValuesStayOnTheHost() throws Exception {
        Files.writeString(dir.resolve(".env"), ENV);
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        ValueHashes hashes = ValueHashes.fresh();
        HostState state = run(hashes.salt());
        Map<String, String> engine = hashes.of(ENV);
        assertThat(engine).containsOnlyKeys("PLAIN", "QUOTED", "EQUALS", "SPACES", "EMPTY", "DUP", "UNICODE", "CR", "LAST");
        assertThat(state.env()).isEqualTo(engine);
        assertThat(state.env().get("DUP")).isEqualTo(hashes.hash("second"));
        assertThat(state.compose()).isEqualTo(ValueHashes.sha256("services: {}\n"));
        assertThat(state.releaseMissing()).isFalse();

        // Another salt, other hashes: a hash from one plan says nothing in the next.
        ValueHashes other = ValueHashes.fresh();
        assertThat(run(other.salt()).env().get("PLAIN")).isEqualTo(other.hash("value")).isNotEqualTo(hashes.hash("value"));
    }

    @Test
    void aFreshDirectoryHasNoFilesAndAKeptReleaseIsReadForARollback() throws Exception {
        HostState fresh = run(ValueHashes.fresh().salt());
        assertThat(fresh.env()).isNull();
        assertThat(fresh.compose()).isNull();
        assertThat(fresh.current()).isNull();
        assertThat(fresh.containers()).isEmpty();
        assertThat(fresh.releaseMissing()).isFalse();
        assertThat(run("s", "0123456789abcdef").releaseMissing()).isTrue();

        Path kept = Files.createDirectories(dir.resolve(".inventiv/releases/0123456789abcdef"));
        Files.writeString(kept.resolve("env"), "A=1\n");
        Files.writeString(kept.resolve("compose"), "services: {}\n");
        Files.writeString(dir.resolve(".inventiv/audit.log"),
                "2026-01-01T00:00:00Z\tdeploy\tok\t0123456789abcdef\tb7\troot\ttest\tapi=r/a@sha256:" + "a".repeat(64) + "\n"
                + "2026-01-02T00:00:00Z\tdeploy\tfailed\tfedcba9876543210\tb8\troot\ttest\tapi=r/a@sha256:" + "b".repeat(64) + "\n");
        ValueHashes hashes = ValueHashes.fresh();
        HostState state = run(hashes.salt(), "0123456789abcdef");
        assertThat(state.releaseMissing()).isFalse();
        assertThat(state.nextEnv()).isEqualTo(Map.of("A", hashes.hash("1")));
        assertThat(state.nextCompose()).isEqualTo(ValueHashes.sha256("services: {}\n"));
        assertThat(state.current().releaseId()).as("the last successful release").isEqualTo("0123456789abcdef");
        assertThat(state.current().build()).isEqualTo("b7");

        // A failure left in place (rollback off) runs now: the plan names it, not the last "ok".
        Files.writeString(dir.resolve(".inventiv/audit.log"), "2026-01-03T00:00:00Z\tdeploy\tfailed\t1111222233334444\tb9\troot\ttest\tapi=r/a@sha256:"
                + "c".repeat(64) + "\tnew\n2026-01-04T00:00:00Z\tdeploy\tfailed\t5555666677778888\tb10\troot\ttest\tapi=r/a@sha256:"
                + "d".repeat(64) + "\tprevious\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(run(hashes.salt(), "0123456789abcdef").current().releaseId()).isEqualTo("1111222233334444");
    }

    @Test
    void secretFilesAreHashedAsTheEngineHashesThemWhateverBytesTheyHold() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        byte[] binary = {0, 1, 2, (byte) 0xff, '\n', '\r', 0};
        Files.write(secrets.resolve("tls.key"), binary);
        Files.writeString(secrets.resolve("db_password"), "no-newline");
        Files.writeString(secrets.resolve(".hidden"), "not a deployable name");
        ValueHashes hashes = ValueHashes.fresh();
        HostState state = run(hashes.salt(), "", secrets.toString());
        assertThat(state.secretFiles()).isEqualTo(Map.of("tls.key", hashes.hash(binary),
                "db_password", hashes.hash("no-newline".getBytes(StandardCharsets.UTF_8))));
        assertThat(run(hashes.salt(), "", dir.resolve("none").toString()).secretFiles()).isEmpty();
    }

    @Test
    void linesThatDoNotFitTheirPatternAreDroppedNotEchoed() {
        HostState s = HostState.parse("@@docker ok\n@@env GOOD " + "c".repeat(64) + "\n@@env BAD short\n"
                + "@@env two words " + "c".repeat(64) + "\n@@container api;rm true r/a@sha256:" + "a".repeat(64)
                + "\n@@container api true r/a@sha256:" + "a".repeat(64) + ",junk\n@@compose nothex\n");
        assertThat(s.env()).containsOnlyKeys("GOOD");
        assertThat(s.containers()).containsExactly(new HostState.Container("api", true, List.of("r/a@sha256:" + "a".repeat(64))));
        assertThat(s.compose()).isNull();
    }
}
