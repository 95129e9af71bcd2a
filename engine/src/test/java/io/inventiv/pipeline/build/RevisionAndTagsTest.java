package io.inventiv.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.testsupport.Processes;

/**
 * Which commit a CI build is, and the tags and labels that follow, on a real git repository:
 * main ── c1 ── m2, feature ── f1 (from c1), and Jenkins' PR merge checkout X = merge(m2, f1).
 */
class RevisionAndTagsTest {
    private static Path repo;
    private static String c1;
    private static String m2;
    private static String f1;
    private static String merge;

    @BeforeAll
    static void repository() throws IOException {
        repo = Files.createTempDirectory("revision-test-");
        git("init", "-q", "-b", "main");
        commit("a.txt", "base", "2026-01-01T10:00:00Z");
        c1 = git("rev-parse", "HEAD");
        git("checkout", "-q", "-b", "feature");
        commit("f.txt", "feature", "2026-01-02T10:00:00Z");
        f1 = git("rev-parse", "HEAD");
        git("checkout", "-q", "main");
        commit("m.txt", "main", "2026-01-03T10:00:00Z");
        m2 = git("rev-parse", "HEAD");
        git("update-ref", "refs/remotes/origin/main", m2);
        git("checkout", "-q", "--detach", m2);
        git("merge", "-q", "--no-ff", "--no-edit", f1);
        merge = git("rev-parse", "HEAD");
        git("checkout", "-q", "main");
    }

    @AfterAll
    static void cleanup() {
        Processes.deleteTree(repo);
    }

    static Stream<Arguments> builds() {
        return Stream.of(
                Arguments.of("main branch", "main", Map.of("BRANCH_NAME", "main"), null, "m2", List.of(), true),
                Arguments.of("Jenkins GIT_COMMIT wins over HEAD", "main", Map.of("GIT_COMMIT", "c1",
                        "BRANCH_NAME", "main"), null, "c1", List.of(), true),
                Arguments.of("PR merge checkout tags the PR head", "merge", Map.of("CHANGE_ID", "7",
                        "CHANGE_TARGET", "main", "BRANCH_NAME", "PR-7", "CHANGE_BRANCH", "feature", "GIT_COMMIT", "merge"),
                        null, "f1", List.of(), false),
                Arguments.of("PR head from the GitHub PR plugin", "merge", Map.of("GITHUB_PR_NUMBER", "7",
                        "GITHUB_PR_HEAD_SHA", "f1", "GIT_COMMIT", "merge"), null, "f1", List.of(), false),
                Arguments.of("PR head checkout", "feature", Map.of("CHANGE_ID", "7", "CHANGE_TARGET", "main"), null,
                        "f1", List.of(), false),
                Arguments.of("release tag v1.2.3", "main", Map.of("TAG_NAME", "v1.2.3", "BRANCH_NAME", "v1.2.3"), null,
                        "m2", List.of("v1.2.3"), false),
                Arguments.of("a tag that is not a release", "main", Map.of("TAG_NAME", "nightly-5"), null, "m2",
                        List.of(), true),
                Arguments.of("detached HEAD", "c1", Map.of(), null, "c1", List.of(), false),
                Arguments.of("explicit --commit", "main", Map.of("GIT_COMMIT", "m2"), "f1", "f1", List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void theTagIsTheTwelveCharacterCommitOfWhatIsBuilt(String what, String checkout, Map<String, String> env,
            String explicit, String expectedCommit, List<String> moreTags, boolean isMain) {
        git("checkout", "-q", checkout.equals("main") || checkout.equals("feature") ? checkout : "--detach",
                checkout.equals("main") || checkout.equals("feature") ? "--" : id(checkout));
        Revision r = resolve(resolveIds(env), explicit == null ? null : id(explicit));
        String expected = id(expectedCommit);
        assertThat(r.commit()).isEqualTo(expected);
        List<String> tags = ImageTags.compute(r, List.of(), false);
        assertThat(tags.get(0)).hasSize(12).isEqualTo(expected.substring(0, 12));
        assertThat(tags.subList(1, tags.size())).isEqualTo(moreTags);
        assertThat(r.isBranch("main")).isEqualTo(isMain);
    }

    @Test
    void detachedHeadHasNoBranchAndNeverWritesTheCache() {
        git("checkout", "-q", "--detach", c1);
        Revision r = resolve(Map.of(), null);
        assertThat(r.branch()).isNull();
        assertThat(r.isBranch("main")).isFalse();
    }

    @Test
    void aDirtyTreeIsRefusedUnlessAllowedAndThenTaggedDirty() throws IOException {
        git("checkout", "-q", "main");
        Files.writeString(repo.resolve("untracked.xml"), "JUnit output");
        assertThat(resolve(Map.of(), null).dirty()).as("untracked files are not dirt").isFalse();
        Files.writeString(repo.resolve("a.txt"), "changed");
        try {
            Revision r = resolve(Map.of(), null);
            assertThat(r.dirty()).isTrue();
            assertThatThrownBy(() -> ImageTags.compute(r, List.of(), false)).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("working tree: ").hasMessageContaining("--allow-dirty");
            assertThat(ImageTags.compute(r, List.of("edge"), true)).containsExactly(m2.substring(0, 12) + "-dirty", "edge");
        } finally {
            git("checkout", "--", "a.txt");
            Files.delete(repo.resolve("untracked.xml"));
        }
    }

    @Test
    void createdIsTheCommitTimeOrSourceDateEpochNeverTheWallClock() {
        git("checkout", "-q", "main");
        Revision r = resolve(Map.of(), null);
        assertThat(OciLabels.of(r, List.of())).containsEntry("org.opencontainers.image.created", "2026-01-03T10:00:00Z")
                .containsEntry("org.opencontainers.image.revision", m2)
                .containsEntry("org.opencontainers.image.version", m2.substring(0, 12));
        Revision pinned = resolve(Map.of("SOURCE_DATE_EPOCH", "86400"), null);
        assertThat(OciLabels.of(pinned, List.of("team=agents"))).containsEntry("org.opencontainers.image.created",
                "1970-01-02T00:00:00Z").containsEntry("team", "agents");
    }

    @Test
    void theSourceLabelNeverCarriesCheckoutCredentials() {
        Revision r = resolve(Map.of("GIT_URL", "https://x-access-token:ghs_secret@github.com/o/inventiv-agents.git"), null);
        assertThat(OciLabels.of(r, List.of())).containsEntry("org.opencontainers.image.source",
                "https://github.com/o/inventiv-agents");
    }

    @Test
    void badCommitsTagsAndEpochsAreUsageErrorsNamingTheField() {
        assertThatThrownBy(() -> resolve(Map.of("GIT_COMMIT", "abc123"), null)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("GIT_COMMIT: ");
        assertThatThrownBy(() -> resolve(Map.of("TAG_NAME", "v1.2.3+meta"), null)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("TAG_NAME: ");
        assertThatThrownBy(() -> resolve(Map.of("SOURCE_DATE_EPOCH", "yesterday"), null))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("SOURCE_DATE_EPOCH: ");
        Revision r = resolve(Map.of(), null);
        assertThatThrownBy(() -> ImageTags.compute(r, List.of("bad tag"), false)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--extra-tag: ");
    }

    @Test
    void outsideGitTheCommitAndTimeMustComeFromTheEnvironment() throws IOException {
        Path plain = Files.createTempDirectory("not-git-");
        try {
            CommandRunner runner = new CommandRunner();
            assertThatThrownBy(() -> new RevisionResolver(runner, Map.of(), plain).resolve(null))
                    .isInstanceOf(UsageException.class).hasMessageStartingWith("GIT_COMMIT: ");
            Revision r = new RevisionResolver(runner, Map.of("GIT_COMMIT", m2, "SOURCE_DATE_EPOCH", "100"), plain)
                    .resolve(null);
            assertThat(r.shortSha()).isEqualTo(m2.substring(0, 12));
            assertThat(r.dirty()).isFalse();
        } finally {
            Processes.deleteTree(plain);
        }
    }

    private static Revision resolve(Map<String, String> env, String explicit) {
        return new RevisionResolver(new CommandRunner(), env, repo).resolve(explicit);
    }

    private static Map<String, String> resolveIds(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> out.put(k, k.equals("GIT_COMMIT") || k.equals("GITHUB_PR_HEAD_SHA") ? id(v) : v));
        return out;
    }

    private static String id(String name) {
        return switch (name) {
            case "c1" -> c1;
            case "m2" -> m2;
            case "f1" -> f1;
            case "merge" -> merge;
            default -> name;
        };
    }

    private static void commit(String file, String content, String date) throws IOException {
        Files.writeString(repo.resolve(file), content);
        git("add", file);
        Processes.run(List.of("env", "GIT_COMMITTER_DATE=" + date, "GIT_AUTHOR_DATE=" + date, "git", "-C",
                repo.toString(), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c",
                "commit.gpgsign=false", "commit", "-q", "-m", file));
    }

    private static String git(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        return Processes.run(argv).strip();
    }
}
