package io.inventiv.pipeline.jenkinstest.demo

import java.nio.file.Files
import java.nio.file.Path

/**
 * scripts/demo's Jenkins part: the sample app's jobs on the demo Jenkins, one line per stage
 * (✓/✗, seconds, what it did), everything kept under the state directory. Exit 0 when every
 * build passed, 1 at the first failed one (its log's last lines printed), 2 on bad arguments.
 * Usage: DemoMain --state DIR --log FILE (scripts/demo passes -Ddemo.stagesBefore and
 * -Ddemo.startedAtMillis so the totals count its own stages too).
 */
class DemoMain {
    /** The transcript; System.out (the harness' own chatter) goes to the log file. */
    static PrintStream transcript = System.out
    static int stagesPassed = Integer.getInteger('demo.stagesBefore', 0)
    static long startedAtMillis = Long.getLong('demo.startedAtMillis', System.currentTimeMillis())

    static void main(String[] args) {
        if (args.length != 4 || args[0] != '--state' || args[2] != '--log') {
            System.err.println('DemoMain: usage: DemoMain --state DIR --log FILE')
            System.exit(2)
        }
        Path state = Path.of(args[1]).toAbsolutePath()
        PrintStream log = new PrintStream(new FileOutputStream(args[3], true), true, 'UTF-8')
        transcript = new PrintStream(new FileOutputStream(FileDescriptor.out), true, 'UTF-8')
        System.setOut(log)
        System.setErr(log)
        SampleAppDemo demo = new SampleAppDemo(state)
        // Also on Ctrl-C: the registry and sshd processes stop with the JVM (the shared dockerd has its own hook).
        Runtime.runtime.addShutdownHook(new Thread({ demo.close() }))
        int code = 1
        try {
            code = run(demo)
        } catch (Throwable e) {
            println("demo failed: ${e}; see ${args[3]}")
            e.printStackTrace(log)
        }
        transcript.flush()
        System.exit(code)
    }

    static void println(Object line) {
        transcript.println(line)
        transcript.flush()
    }

    static int run(SampleAppDemo demo) {
        demo.stageListener = { Map s -> stageLine(s) }
        setUpStep('services') {
            demo.startServices()
            "registry ${demo.services.registry.host()}, dockerd (vfs, no network), " +
                    "staging sshd 127.0.0.1:${demo.services.staging.port()}, production sshd ${demo.services.production.address()}:${demo.services.production.port()}"
        }
        setUpStep('app repository') {
            demo.createAppRepository()
            "main @ ${demo.sha12()} (examples/sample-app + vendor/busybox-arm64)"
        }
        setUpStep("host's own service") {
            demo.pushHostService()
            "${demo.cacheImage} for compose service 'cache', which the release does not own"
        }
        setUpStep('jenkins') {
            demo.configureJenkins()
            'credentials ghcr-push, ghcr-pull, staging-ssh, production-ssh, demo-api-token, prod-demo-api-token; ' +
                    "the profiles' settings as node properties; approver ${SampleAppDemo.APPROVER}"
        }
        for (Closure<DemoBuildResult> job : [{ demo.mainBuild() }, { demo.tagBuild() }, { demo.operations('status', 'production') }]) {
            DemoBuildResult build = job.call()
            if (build.stages.isEmpty()) {
                // A job without stages (the operations job): one line for the whole build.
                println(build.header)
                Map status = build.report('status')
                line(build.ok(), 'operations', build.millis, status ? DemoStageSummary.status(status) : build.description)
            }
            if (!build.ok()) {
                failed(build)
                return 1
            }
            println("    build ${build.job} #${build.number}: ${build.result}; ${build.description}")
        }
        long ms = System.currentTimeMillis() - startedAtMillis
        println("demo passed: ${stagesPassed} stages in ${seconds(ms)}s")
        println("state: ${demo.state} (jenkins/jobs/JOB/N/: log, description, archive/inventiv-deployment.json, engine/*.json)")
        return 0
    }

    private static void setUpStep(String label, Closure<String> step) {
        long start = System.nanoTime()
        String summary = step.call()
        line(true, label, (System.nanoTime() - start).intdiv(1_000_000), summary)
    }

    private static void stageLine(Map s) {
        if (s.first) {
            println(s.header)
        }
        line((boolean) s.ok, (String) s.name, (long) s.millis, DemoStageSummary.of(s))
    }

    private static void line(boolean ok, String label, long millis, String summary) {
        if (ok) {
            stagesPassed++
        }
        println(String.format('  %s %-18s %6ss  %s', ok ? '✓' : '✗', label, seconds(millis), summary ?: ''))
    }

    private static String seconds(long ms) {
        return "${ms.intdiv(1000)}.${(ms % 1000).intdiv(100)}"
    }

    private static void failed(DemoBuildResult build) {
        Path log = build.dir.resolve('log')
        println("    last lines of ${log}:")
        List<String> lines = Files.readAllLines(log)
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).each { println("      ${it}") }
        println("demo failed in ${build.job} #${build.number}: ${build.failure?.message}")
    }
}
