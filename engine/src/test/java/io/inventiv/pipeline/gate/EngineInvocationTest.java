package io.inventiv.pipeline.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EngineInvocationTest {

    @Test
    void anEngineCheckStartsWithTheOptionsTheLauncherGaveTheGate() {
        List<String> gate = List.of("-XX:+UseG1GC", "-Xss1m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-XX:SharedArchiveFile=/opt/engine/inventiv-pipeline-gate.jsa", "-Xshare:auto", "-Xlog:cds=off",
                "-cp", "/opt/engine/inventiv-pipeline.jar", EngineInvocation.MAIN_CLASS, "gate", "--builtin", "ci");

        List<String> options = EngineInvocation.inheritedOptions(gate);
        List<String> argv = new EngineInvocation("/jdk/bin/java", "/opt/engine/inventiv-pipeline.jar", options)
                .argv(List.of("scan-keys", "--json"));

        assertThat(argv).containsExactly("/jdk/bin/java", "-XX:+UseG1GC", "-Xss1m", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-XX:SharedArchiveFile=/opt/engine/inventiv-pipeline-gate.jsa", "-Xshare:auto",
                "-Xlog:cds=off", "-cp", "/opt/engine/inventiv-pipeline.jar", EngineInvocation.MAIN_CLASS, "scan-keys",
                "--json");
    }

    @Test
    void onJdk19AndLaterAChildReadsTheArchiveTheGatesJvmWritesButNeverWritesIt() {
        List<String> gate = List.of("-XX:+UseG1GC", "-XX:ArchiveClassesAtExit=/cache/abc/x.jsa.12.tmp",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=/cache/abc/inventiv-pipeline-gate-jdk-21.0.2+13.jsa", "-Xlog:cds=off",
                "-cp", "/cache/abc/inventiv-pipeline.jar", EngineInvocation.MAIN_CLASS, "gate");

        assertThat(EngineInvocation.inheritedOptions(gate)).containsExactly("-XX:+UseG1GC",
                "-XX:SharedArchiveFile=/cache/abc/inventiv-pipeline-gate-jdk-21.0.2+13.jsa", "-Xlog:cds=off");
    }

    @Test
    void classListDumpsDebuggersAgentsAndAnotherFamilysArchiveAreNotRepeated() {
        List<String> gate = List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xmx512m",
                "-XX:DumpLoadedClassList=/tmp/run.classlist", "-javaagent:/opt/agent.jar",
                "-XX:SharedArchiveFile=/opt/engine/inventiv-pipeline-registry.jsa", "-jar", "/opt/engine/x.jar", "gate");

        assertThat(EngineInvocation.inheritedOptions(gate)).containsExactly("-Xmx512m");
    }

    @Test
    void aGateStartedWithoutOptionsStartsItsChecksOnTheSerialCollectorAsBefore() {
        List<String> options = EngineInvocation.inheritedOptions(List.of("-jar", "/x/engine.jar", "gate"));

        assertThat(options).isEmpty();
        assertThat(new EngineInvocation("/jdk/bin/java", "/x/engine.jar", options).argv(List.of("check-versions")))
                .containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-cp", "/x/engine.jar", EngineInvocation.MAIN_CLASS,
                        "check-versions");
    }
}
