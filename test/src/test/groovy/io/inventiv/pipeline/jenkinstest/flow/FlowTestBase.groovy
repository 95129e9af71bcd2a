package io.inventiv.pipeline.jenkinstest.flow

import groovy.json.JsonOutput
import io.inventiv.pipeline.jenkinstest.harness.JenkinsStandInAbortException
import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * inventivPipeline's call stacks, in CPS mode. The library's lower steps (ciGate, buildxBuild, ...)
 * are scripted doubles returning their documented Maps (the Jenkins boundary; each has its own
 * tests on the real engine); the Jenkins steps the flow adds (properties, checkout, sleep,
 * archiveArtifacts, lock, milestone) are stand-ins that record where they ran: inside which
 * node and lock. Every call lands in {@link #events} in order.
 */
abstract class FlowTestBase extends PipelineTestBase {
    static final String COMMIT = '0123456789abcdef0123456789abcdef01234567'
    static final String SHA12 = '0123456789ab'
    static final String API = 'ghcr.io/o/app-api'
    static final String WEB = 'ghcr.io/o/app-web'
    static final String API_DIGEST = 'sha256:' + 'a' * 64
    static final String WEB_DIGEST = 'sha256:' + 'b' * 64
    static final String OLD_DIGEST = 'sha256:' + '0' * 64
    static final String JENKINSFILE = "inventivPipeline(buildLabel: 'arm64', registryCredentialsId: 'ghcr-push', " +
            "approvalSubmitter: 'release-managers', approvalTimeoutMinutes: 90, waitForMainMinutes: 1, waitPollSeconds: 20)"

    /** Each call: step, detail, whether it was a plan (changes nothing), and how deep in node and lock it ran. */
    final List<Map> events = []
    final Map<String, List<Map>> calls = [:].withDefault { [] }

    // What the doubles answer; each test changes what its scenario needs.
    String gateFailure
    String validationFailure
    String deployFailure
    /** What a failed deploy's report says of each host (remoteUpdate with returnFailure), and the hosts it never reached. */
    List<Map> deployHosts = [[host: 'vm1', user: 'ubuntu', exitCode: 1, result: 'rolled-back', running: 'previous']]
    List<String> skippedHosts = []
    /** The deploy throws before it reports (validation, credentials): no per-host report. */
    boolean deployThrows
    /** The tag did not exist before the promotion (a first deploy). */
    boolean firstDeploy
    /** Promoting the tag back after a failed deploy fails with this. */
    String promoteBackFailure
    boolean mainPushed = true
    boolean stagingDeployedIt = true
    boolean stagingEverDeployed = true
    String productionRuns = 'v0.1.0'
    boolean planChangesAfterApproval
    boolean envChangesAfterApproval
    boolean planWithoutFingerprint
    boolean approvalTimesOut
    String migrationFailure
    /** Runs when a build asks for a lock, as another build that held it and finished first. */
    Closure anotherBuildHeldTheLock
    /** :prod exists in every repository; each one's revision label (null: none) by repository. */
    boolean prodExists = true
    Closure<String> prodRevision = { String repo -> productionCommit }
    /** The services production's last deploy ran (REPO@digest by service); none: the release's repositories are asked. */
    Map productionServices = [:]
    /** The tag's checkout: a real git history, production's commit (tagged v0.1.0) then the tag's; shallow: the tag's only. */
    boolean shallowCheckout
    boolean editAppliedMigration
    /** Where the app's history keeps its migrations; null: an app without migrations (its commits change a source file). */
    String migrationsPath = 'sqlx-migrations'
    String productionCommit
    Path origin

    void buildOf(Map<String, String> facts) {
        agent.buildEnv.putAll([JOB_NAME: "inventiv/${facts.BRANCH_NAME ?: facts.TAG_NAME}".toString(), BUILD_NUMBER: '7'] + facts)
        binding.setVariable('scm', new HashMap([type: 'GitSCM']))
    }

    List<String> stepsCalled() {
        return events.collect { it.step }
    }

    List<Map> eventsOf(String step) {
        return events.findAll { it.step == step }
    }

    void event(String step, String detail = null, boolean plan = false) {
        events.add([step: step, detail: detail, plan: plan, node: agent.nodeDepth, lock: agent.lockDepth])
    }

    @Override
    protected Object inNode(Closure c) {
        event('node')
        return super.inNode(c)
    }

    @Override
    protected void registerJenkinsSteps() {
        super.registerJenkinsSteps()
        registerJenkinsStepStandInsOfTheFlow()
        registerLibraryStepDoubles()
    }

    /** Stand-ins for the Jenkins steps the flow uses beyond those every step test needs. */
    void registerJenkinsStepStandInsOfTheFlow() {
        // These replace the harness' own lock, timeout and input (which record nothing).
        harness.allowedMethodCallbacks.keySet().removeIf { it.name in ['lock', 'timeout', 'input', 'milestone'] }
        step('properties', [List]) { List p -> event('properties', p.toString()); null }
        step('buildDiscarder', [Object]) { arg -> [buildDiscarder: arg] }
        step('logRotator', [Map]) { Map m -> [logRotator: m] }
        step('disableConcurrentBuilds', [Map]) { Map m -> [disableConcurrentBuilds: m] }
        step('parameters', [List]) { List p -> [parameters: p] }
        step('choice', [Map]) { Map m -> [choice: m] }
        step('checkout', [Object]) { arg -> agent.requireNode('checkout'); event('checkout'); checkoutHistory(); [GIT_COMMIT: COMMIT] }
        step('sleep', [Map]) { Map m -> event('sleep', "${m.time} ${m.unit}"); null }
        step('archiveArtifacts', [Map]) { Map m ->
            agent.requireNode('archiveArtifacts')
            event('archiveArtifacts', agent.resolve((String) m.artifacts).text)
            null
        }
        step('lock', [Map, Closure]) { Map m, Closure c ->
            agent.requireNoNode('lock')
            event('lock', "${m.resource} inversePrecedence=${m.inversePrecedence}")
            anotherBuildHeldTheLock?.call()
            agent.lockDepth++
            try {
                body(c)
            } finally {
                agent.lockDepth--
            }
        }
        step('milestone', []) { -> event('milestone'); null }
        step('timeout', [Map, Closure]) { Map m, Closure c ->
            event('timeout', "${m.time} ${m.unit}")
            if (approvalTimesOut) {
                throw new FlowInterruptedException('Timeout has been exceeded')
            }
            body(c)
        }
        step('input', [Object]) { arg -> event('input', ((Map) arg).message); calls.input << (Map) arg; input(arg) }
    }

    /** Scripted doubles of the library's steps, answering their documented Maps (vars/*.txt). */
    void registerLibraryStepDoubles() {
        scriptedDouble('ciGate') { Map m ->
            failWith(gateFailure)
            [passed: true, checks: [[name: 'test', status: 'passed']], junit: 'inventiv-gate.xml']
        }
        scriptedDouble('buildxBuild') { Map m ->
            [images : [[name: 'api', image: API, digest: API_DIGEST, tags: [SHA12], platforms: ['linux/arm64']],
                       [name: 'web', image: WEB, digest: WEB_DIGEST, tags: [SHA12], platforms: ['linux/arm64']]],
             builder: 'buildx', skipped: false]
        }
        scriptedDouble('validateSecrets') { Map m ->
            failWith(validationFailure)
            [ok: true, missing: [], missingCredentials: [], invalid: [], variables: [], profile: m.profile]
        }
        scriptedDouble('promoteByDigest') { Map m ->
            if (((List) m.source).every { it.endsWith(OLD_DIGEST) }) {
                failWith(promoteBackFailure)
            }
            [tag: m.tag, images: ((List) m.source).collect { String s ->
                [source: s, target: "${s.substring(0, s.indexOf('@'))}:${m.tag}".toString(), digest: s.substring(s.indexOf('@') + 1),
                 previousDigest: firstDeploy ? null : OLD_DIGEST]
            }]
        }
        scriptedDouble('remoteStatus') { Map m -> m.profile == 'deploy/staging.yaml' ? stagingStatus() : productionStatus() }
        scriptedDouble('inventivEngineCommand') { Map m ->
            if (m.command == 'check-migrations') {
                failWith(migrationFailure)
                return [ok: true, since: m.args[1], changed: []]
            }
            assert m.command == 'digest'
            if (m.args.contains('--labels')) {
                return prodLabels((String) m.args[-1])
            }
            String ref = m.args[0]
            if (!mainPushed) {
                return [exitCode: 1, error: "digest ${ref}: the registry has no such tag".toString()]
            }
            [reference: ref, digest: ref.startsWith(API) ? API_DIGEST : WEB_DIGEST, requests: 1]
        }
        scriptedDouble('remoteUpdate') { Map m ->
            if (m.plan) {
                // After the approval (the second plan) production may have moved: web's container runs another
                // image, or NEW_FLAG was put in the host's env file by hand.
                boolean later = calls.remoteUpdate.count { it.plan } > 1
                String webRunning = planChangesAfterApproval && later ? 'sha256:' + 'c' * 64 : OLD_DIGEST
                List added = envChangesAfterApproval && later ? [] : ['NEW_FLAG']
                List hosts = [[host: 'vm2', user: 'ubuntu', docker: 'ok', releaseId: 'p-1', runningRelease: 'p-0', runningBuild: productionRuns,
                               services: [[service: 'api', running: "${API}@${OLD_DIGEST}".toString(), next: "${API}@${API_DIGEST}".toString(), change: 'update'],
                                          [service: 'web', running: "${WEB}@${webRunning}".toString(), next: "${WEB}@${WEB_DIGEST}".toString(), change: 'update']],
                               env: [file: 'changed', added: added, removed: [], changed: ['PROD_JWT_SECRET'], unchanged: added ? 3 : 4],
                               compose: 'unchanged', secretFiles: null, changes: true, warnings: []]]
                Map plan = [environment: 'production', kind: 'deploy', plan: true, releaseId: 'p-1', changes: true,
                            services: [api: "${API}@${API_DIGEST}".toString(), web: "${WEB}@${WEB_DIGEST}".toString()], hosts: hosts]
                if (!planWithoutFingerprint) {
                    // As the engine's: a hash of what the plan decides, the same for the same state.
                    byte[] decided = JsonOutput.toJson(hosts.collect { Map h -> h.findAll { it.key != 'runningBuild' } }).getBytes('UTF-8')
                    plan.fingerprint = MessageDigest.getInstance('SHA-256').digest(decided).encodeHex().toString()
                }
                return plan
            }
            String environment = m.profile == 'deploy/staging.yaml' ? 'staging' : 'production'
            if (deployFailure != null && m.returnFailure && !deployThrows) {
                // As inventivEngineCommand returns a failed run's report: the engine's fields, exitCode and error.
                int exitCode = deployHosts.any { it.result == 'lock-held' } ? 3 : 1
                agent.errors.add(deployFailure)
                return [environment: environment, kind: 'deploy', releaseId: 'r-1', result: deployHosts.last().result, services: m.images,
                        hosts: deployHosts, skippedHosts: skippedHosts, exitCode: exitCode, error: deployFailure]
            }
            failWith(deployFailure)
            [environment: environment, kind: 'deploy', releaseId: 'r-1', result: 'ok',
             services: m.images, hosts: [[host: 'vm1', user: 'ubuntu', result: 'ok', running: 'new', verified: []]], skippedHosts: []]
        }
    }

    /** digest --labels --allow-missing of REPO:prod, as the engine answers it. */
    Map prodLabels(String ref) {
        String repo = ref.substring(0, ref.lastIndexOf(':'))
        if (!prodExists) {
            return [reference: ref, digest: null, revision: null, labels: null, requests: 1]
        }
        String revision = prodRevision(repo)
        return [reference: ref, digest: OLD_DIGEST, revision: revision,
                labels: revision == null ? [:] : ['org.opencontainers.image.revision': revision], requests: 2]
    }

    /**
     * A real git history behind the tag's checkout: origin holds production's commit (a migration,
     * tagged v0.1.0) and the tag's commit after it (a new migration, or the applied one edited);
     * the workspace fetches it whole, or only its last commit when shallow (as a depth-1 clone).
     */
    Path originHistory() {
        if (origin == null) {
            origin = Files.createDirectories(testDir.resolve('origin'))
            git(origin, 'init', '-q', '-b', 'main')
            String dir = migrationsPath ?: 'src'
            Files.createDirectories(origin.resolve(dir))
            Files.writeString(origin.resolve("${dir}/20240101000000_init.sql"), 'create table users(id int);\n')
            git(origin, 'add', '-A')
            git(origin, 'commit', '-q', '-m', 'v0.1.0: users')
            git(origin, 'tag', 'v0.1.0')
            productionCommit = git(origin, 'rev-parse', 'HEAD')
            if (editAppliedMigration) {
                Files.writeString(origin.resolve("${dir}/20240101000000_init.sql"), 'create table users(id bigint);\n')
            } else {
                Files.writeString(origin.resolve("${dir}/20240201000000_email.sql"), 'alter table users add email text;\n')
            }
            git(origin, 'add', '-A')
            git(origin, 'commit', '-q', '-m', 'the release')
        }
        return origin
    }

    void checkoutHistory() {
        Path workspace = agent.workspace
        if (Files.exists(workspace.resolve('.git'))) {
            return
        }
        String url = originHistory().toUri().toString()
        Files.createDirectories(workspace)
        git(workspace, 'init', '-q')
        if (shallowCheckout) {
            git(workspace, 'fetch', '-q', '--depth', '1', url, 'main')
        } else {
            git(workspace, 'fetch', '-q', '--tags', url, 'main')
        }
        git(workspace, 'checkout', '-q', 'FETCH_HEAD')
    }

    static String git(Path dir, String... args) {
        List<String> argv = ['git', '-C', dir.toString(), '-c', 'user.name=test', '-c', 'user.email=test@example.invalid',
                             '-c', 'commit.gpgsign=false', '-c', 'protocol.file.allow=always'] + (args as List<String>)
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: "${argv.join(' ')}: ${out}"
        return out.trim()
    }

    /** A double that, like the step, refuses arguments its StepSpecs does not accept, and runs only inside node. */
    void scriptedDouble(String name, Closure answer) {
        standInForLibraryStep(name) { Map m ->
            agent.requireNode(name)
            Map<String, Map> spec = (Map<String, Map>) harness.libraryClass('io.inventiv.pipeline.jenkins.StepSpecs').forStep(name)
            if (spec != null) {
                String problem = harness.libraryClass('io.inventiv.pipeline.jenkins.StepArguments').problem(name, spec, m)
                assert problem == null: "${name} was called with arguments it refuses: ${problem}"
            }
            calls[name] << m
            event(name, name == 'promoteByDigest' ? (String) m.tag : "${m.plan ? 'plan ' : ''}${m.profile ?: m.command}".toString(),
                    m.plan == true)
            answer(m)
        }
    }

    void failWith(String message) {
        if (message != null) {
            agent.errors.add(message)
            throw new JenkinsStandInAbortException(message)
        }
    }

    Map stagingStatus() {
        List audit = stagingEverDeployed ? [[time: '2026-12-06T10:00:00Z', kind: 'deploy', result: 'ok', releaseId: 'r-0', build: 'inventiv-main-6',
                                             services: [api: "${API}@${OLD_DIGEST}".toString(), web: "${WEB}@${OLD_DIGEST}".toString()]]] : []
        if (stagingEverDeployed && stagingDeployedIt) {
            audit << [time: '2026-12-06T11:00:00Z', kind: 'deploy', result: 'ok', releaseId: 'r-1', build: 'inventiv-main-7',
                      services: [api: "${API}@${API_DIGEST}".toString(), web: "${WEB}@${WEB_DIGEST}".toString()]]
        }
        return [environment: 'staging', hosts: [[host: 'vm1', user: 'ubuntu', docker: true, compose: true, containers: [], lock: null, audit: audit]]]
    }

    Map productionStatus() {
        return [environment: 'production', hosts: [[host: 'vm2', user: 'ubuntu', docker: true, compose: true, containers: [], lock: null,
                                                    audit: [[time: '2026-12-01T10:00:00Z', kind: 'deploy', result: 'ok', releaseId: 'p-0',
                                                             build: productionRuns, services: productionServices]]]]]
    }

    /**
     * The safety rules every flow keeps, whatever happened: approval outside any node and lock; milestone
     * and node inside the lock; every change to an environment (its tag, a deploy, a rollback) inside its lock.
     */
    void assertDeploySafety() {
        for (e in events) {
            if (e.step == 'input') {
                assert e.node == 0: 'input inside node'
                assert e.lock == 0: 'input inside lock: a build waiting for a person holds the environment'
            }
            if (e.step == 'milestone') {
                assert e.lock > 0: 'milestone outside lock'
            }
            boolean environmentTag = e.step == 'promoteByDigest' && e.detail in ['staging', 'prod']
            if (!e.plan && (environmentTag || e.step in ['remoteUpdate', 'remoteRollback'])) {
                assert e.lock > 0: "${e.step} ${e.detail} outside its lock"
            }
        }
        int lockAt = stepsCalled().indexOf('lock')
        if (lockAt >= 0) {
            assert events[lockAt].node == 0: 'lock inside node'
            assert events.drop(lockAt + 1).any { it.step == 'node' && it.lock > 0 }: 'no node inside the lock'
        }
        int firstPromotion = stepsCalled().indexOf('promoteByDigest')
        int validation = stepsCalled().indexOf('validateSecrets')
        if (firstPromotion >= 0 && validation >= 0) {
            assert validation < firstPromotion: 'promoted before validation'
        }
    }
}
