package io.inventiv.pipeline.deploy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.inventiv.pipeline.deploy.remote.RemoteFixture.Setup;

/**
 * Many deploys of different releases started at once against one host, with a lock record left
 * behind by a killed run (lease expired, process gone) for all of them to judge at the same time:
 * the race the old mkdir/mv lock lost. The pre-deploy hook, which runs under the lock, marks its
 * entry with mkdir and records enter/leave: no two runs are ever inside together, exactly one run
 * reports taking over the stale record, and every deploy either completes or exits 3.
 */
class RemoteLockRaceIT {
    static final int DEPLOYS = 7;
    /** Deploys with a short --lock-wait: they may exit 3; the others wait and complete. */
    static final int IMPATIENT = 2;

    @Test
    void manyConcurrentDeploysRunOneAtATimeAndEachCompletesOrExits3() throws Exception {
        RemoteFixture host = RemoteFixture.shared();
        String api = host.image("app-api", "v1", "healthy");
        String worker = host.image("app-worker", "v1", "healthy");
        Path inside = host.work.resolve("race-inside");
        Path trace = host.work.resolve("race-trace");
        String hook = "if mkdir " + inside + " 2>/dev/null; then :; else echo overlap >>" + trace + "; fi; "
                + "echo enter $(date +%s%N) >>" + trace + "; sleep 1; echo leave $(date +%s%N) >>" + trace + "; "
                + "rmdir " + inside;
        Setup s = host.setup("lockrace", "preDeployHook: \"" + hook + "\"\nkeepReleases: 10\n");

        // What a SIGKILLed run leaves: its record, an expired lease, a pid that is gone.
        Path lock = Files.createDirectories(s.project().resolve(".inventiv/lock"));
        long dead = RemoteFaultsIT.deadPid();
        Files.writeString(lock.resolve("pid"), dead + "\n");
        Files.writeString(lock.resolve("lease"), (System.currentTimeMillis() / 1000 - 60) + "\n");
        Files.writeString(lock.resolve("owner"), "owner=root\nbuild=crashed\npid=" + dead + "\n");

        List<RemoteFixture.Running> runs = new ArrayList<>();
        for (int i = 0; i < DEPLOYS; i++) {
            // A different env per deploy: a different release, so none re-attaches to another's run.
            Path env = RemoteFixture.write(s.local().resolve("race-" + i + ".env"), "GREETING='race " + i + "'\n");
            String wait = i < IMPATIENT ? "2s" : "10m";
            runs.add(host.startEngine(host.deployArgv(s.target(), env, "race-" + i, api, worker, "--lock-wait", wait)));
        }

        int completed = 0;
        int takeovers = 0;
        List<String> okBuilds = new ArrayList<>();
        for (int i = 0; i < DEPLOYS; i++) {
            RemoteFixture.Running r = runs.get(i);
            assertThat(r.process().waitFor(10, TimeUnit.MINUTES)).as(r::output).isTrue();
            int code = r.process().exitValue();
            String why = r.output() + host.runLogs(s.project());
            assertThat(code).as(why).isIn(0, 3);
            JsonNode json = new ObjectMapper().readTree(Files.readString(r.stdout()));
            if (code == 0) {
                completed++;
                okBuilds.add("race-" + i);
                assertThat(json.get("result").asText()).isEqualTo("ok");
            } else {
                assertThat(i).as("a deploy willing to wait 10m does not give up").isLessThan(IMPATIENT);
                assertThat(json.get("result").asText()).isEqualTo("lock-held");
                assertThat(json.at("/hosts/0/lockHolder").asText()).as(why).contains("build=race-");
            }
            if (json.at("/hosts/0/warnings").toString().contains("took over a stale lock")) {
                takeovers++;
                assertThat(json.at("/hosts/0/warnings").toString()).contains("build=crashed");
            }
        }
        assertThat(completed).isGreaterThanOrEqualTo(DEPLOYS - IMPATIENT);
        assertThat(takeovers).as("runs that reported taking over the stale record").isEqualTo(1);

        // The hook's trace: enter, leave, enter, leave... one run inside at any instant.
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).doesNotContain("overlap").hasSize(2 * completed);
        long lastLeave = 0;
        for (int i = 0; i < lines.size(); i += 2) {
            String[] enter = lines.get(i).split(" ");
            String[] leave = lines.get(i + 1).split(" ");
            assertThat(enter[0]).as("line %d of %s", i, lines).isEqualTo("enter");
            assertThat(leave[0]).as("line %d of %s", i + 1, lines).isEqualTo("leave");
            assertThat(Long.parseLong(enter[1])).isGreaterThanOrEqualTo(lastLeave);
            lastLeave = Long.parseLong(leave[1]);
        }
        var audit = AuditEntry.parseAll(host.read(s.project().resolve(".inventiv/audit.log")));
        assertThat(audit).extracting(AuditEntry::result).containsOnly("ok");
        assertThat(audit).extracting(AuditEntry::build).containsExactlyInAnyOrderElementsOf(okBuilds);
        assertThat(lock).doesNotExist();
    }
}
