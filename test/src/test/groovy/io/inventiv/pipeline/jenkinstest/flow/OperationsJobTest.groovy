package io.inventiv.pipeline.jenkinstest.flow

import groovy.json.JsonOutput
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.Test

import java.security.MessageDigest

/**
 * examples/Jenkinsfile.operations, every action, as the call stack Jenkins would run in CPS mode.
 * The library's steps are scripted doubles (FlowTestBase's, refusing arguments their StepSpecs do
 * not accept) over a small model of the world: what each environment runs and ran (its audit), and
 * where each tag of the registry points, so a test reads what an action changed, not only what it called.
 */
class OperationsJobTest extends FlowTestBase {
    static final String REPO = 'ghcr.io/inventiv/inventiv-agents'
    static final List<String> SERVICES = ['api', 'orchestrator', 'frontend', 'worker']
    static final String BUILT = '0123456789ab'

    /** Release {@code c}: every service at a digest of its own made of the hex digit c. */
    static Map<String, String> release(String c) {
        Map<String, String> r = [:]
        SERVICES.eachWithIndex { String s, int i -> r[s] = "${REPO}-${s}@sha256:${c * 63}${i}".toString() }
        return r
    }

    static String digestOf(String image) {
        return image.substring(image.indexOf('@') + 1)
    }

    /** Per environment, the releases it ran in order, the last one running. */
    Map<String, List<Map<String, String>>> history = [staging: [release('1'), release('2')], production: [release('1'), release('2')]]
    /** Per tag, service to the image it points at. */
    Map<String, Map<String, String>> tags = [staging: release('2'), prod: release('2'), (BUILT): release('5')]
    String rollbackFailure
    /** A second host whose docker does not answer (status). */
    String dockerUnreachableOn
    /** A failed deploy's hosts (default: the one host rolled back). */
    List<Map> deployHosts
    boolean plansWithoutFingerprint

    static String operationsJenkinsfile() {
        String text = REPO_ROOT.resolve('examples/Jenkinsfile.operations').text
        assert text.contains("@Library('inventiv-pipeline') _")
        // @Library is resolved by Jenkins before the script runs; the harness loads the library itself.
        return text.replace("@Library('inventiv-pipeline') _", '')
    }

    Object operations(Map<String, String> parameters) {
        binding.setVariable('params', new HashMap([SERVICE: 'api', TAIL: '200', TARGET: ''] + parameters))
        return runPipeline(operationsJenkinsfile())
    }

    Throwable operationsFailing(Map<String, String> parameters) {
        binding.setVariable('params', new HashMap([SERVICE: 'api', TAIL: '200', TARGET: ''] + parameters))
        return runPipelineExpectingFailure(operationsJenkinsfile())
    }

    Map<String, String> running(String environment) {
        return history[environment] ? history[environment].last() : [:]
    }

    String description() {
        return binding.getVariable('currentBuild').description
    }

    /** The steps that change something: a tag moved, a deploy, a rollback (plans excluded). */
    List<String> changes() {
        return events.findAll { !it.plan && it.step in ['promoteByDigest', 'remoteUpdate', 'remoteRollback'] }
                .collect { "${it.step} ${it.detail}".toString() }
    }

    @Override
    void registerLibraryStepDoubles() {
        super.registerLibraryStepDoubles()
        scriptedDouble('remoteStatus') { Map m ->
            Map status = statusOf(m.profile)
            if (dockerUnreachableOn == null) {
                return status
            }
            // The engine's status exits 1 when a host's docker does not answer; its report still holds every host.
            String error = "status: docker on ubuntu@${dockerUnreachableOn} is unreachable".toString()
            if (!m.returnFailure) {
                failWith("remoteStatus: status failed (exit 1): ${error}".toString())
            }
            status.hosts << [host: dockerUnreachableOn, user: 'ubuntu', docker: 'unreachable', compose: 'none', containers: [], lock: null, audit: []]
            return status + [exitCode: 1, error: "remoteStatus: status failed (exit 1): ${error}".toString()]
        }
        scriptedDouble('remoteLogs') { Map m ->
            [service: m.service, hosts: [[host: "vm-${m.profile}".toString(), lines: ["${m.service} line 1".toString(), "${m.service} line 2".toString()]]]]
        }
        scriptedDouble('promoteByDigest') { Map m -> promote(m) }
        scriptedDouble('remoteUpdate') { Map m ->
            String environment = m.profile
            if (m.plan) {
                return plan(environment, 'deploy', (Map) m.images)
            }
            if (deployFailure != null && m.returnFailure) {
                // The failed run's report (as inventivEngineCommand returns it); a host left on the new release runs it.
                List<Map> hosts = deployHosts ?: [[host: "vm-${environment}".toString(), user: 'ubuntu', result: 'rolled-back', running: 'previous']]
                if (hosts.any { it.running == 'new' }) {
                    history[environment] << new LinkedHashMap((Map) m.images)
                }
                agent.errors.add(deployFailure)
                return [environment: environment, kind: 'deploy', releaseId: 'r-new', result: hosts.last().result, services: m.images,
                        hosts: hosts, skippedHosts: [], exitCode: hosts.any { it.result == 'lock-held' } ? 3 : 1, error: deployFailure]
            }
            history[environment] << new LinkedHashMap((Map) m.images)
            [environment: environment, kind: 'deploy', releaseId: "r-${history[environment].size()}".toString(), result: 'ok',
             services: m.images, hosts: [[host: "vm-${environment}".toString(), user: 'ubuntu', result: 'ok', running: 'new']], skippedHosts: []]
        }
        scriptedDouble('remoteRollback') { Map m ->
            String environment = m.profile
            List<Map<String, String>> before = history[environment].take(history[environment].size() - 1)
            Map<String, String> back = m.to ? before.reverse().find { it.values().any { digestOf(it) == m.to } } : (before ? before.last() : null)
            if (back == null) {
                failWith("remoteRollback: rollback failed (exit 1): vm-${environment}: the audit log has no release to go back to".toString())
            }
            if (m.plan) {
                return plan(environment, 'rollback', back)
            }
            failWith(rollbackFailure)
            history[environment] << back
            [environment: environment, kind: 'rollback', releaseId: "r-${history[environment].size()}".toString(), result: 'ok',
             services: new HashMap(back), hosts: [[host: "vm-${environment}".toString(), user: 'ubuntu', result: 'ok']], skippedHosts: []]
        }
    }

    Map statusOf(String environment) {
        List audit = []
        history[environment].eachWithIndex { Map<String, String> r, int i ->
            audit << [time: "2026-12-0${i + 1}T10:00:00Z".toString(), kind: 'deploy', result: 'ok', releaseId: "r-${i + 1}".toString(),
                      build: "build-${i + 1}".toString(), services: new HashMap(r)]
        }
        List containers = running(environment).collect { s, image -> [service: s, state: 'running', image: image] }
        return [environment: environment, hosts: [[host: "vm-${environment}".toString(), user: 'ubuntu', docker: 'ok', compose: 'v2',
                                                   containers: containers, lock: null, audit: audit]]]
    }

    /** deploy --plan / rollback --plan from what the environment runs now to {@code next}. */
    Map plan(String environment, String kind, Map next) {
        Map<String, String> now = running(environment)
        List services = SERVICES.collect { s ->
            [service: s, running: now[s], next: next[s], change: now[s] == next[s] ? 'unchanged' : 'update']
        }
        List hosts = [[host: "vm-${environment}".toString(), user: 'ubuntu', docker: 'ok', releaseId: 'p',
                       runningRelease: "r-${history[environment].size()}".toString(), runningBuild: 'build-2',
                       services: services, env: [file: 'unchanged', added: [], removed: [], changed: [], unchanged: 9],
                       compose: 'unchanged', secretFiles: null, changes: true, warnings: []]]
        Map plan = [environment: environment, kind: kind, plan: true, releaseId: 'p', services: next, changes: true, hosts: hosts]
        if (!plansWithoutFingerprint) {
            // As the engine's: a hash of what the plan decides, the same for the same state.
            byte[] decided = JsonOutput.toJson(hosts.collect { Map h -> h.findAll { it.key != 'runningBuild' } }).getBytes('UTF-8')
            plan.fingerprint = MessageDigest.getInstance('SHA-256').digest(decided).encodeHex().toString()
        }
        return plan
    }

    /** promote (or its plan): each source, REPO@digest or REPO:tag, onto REPO:m.tag; all or nothing. */
    Map promote(Map m) {
        List images = []
        for (String source in (m.source instanceof List ? m.source : [m.source])) {
            boolean byDigest = source.contains('@')
            String repository = byDigest ? source.substring(0, source.indexOf('@')) : source.substring(0, source.lastIndexOf(':'))
            String service = repository - "${REPO}-"
            String digest = byDigest ? digestOf(source) : tags[source.substring(source.lastIndexOf(':') + 1)]?.get(service)?.with { digestOf(it) }
            if (digest == null) {
                failWith("promoteByDigest: promote failed (exit 1): ${source}: the registry has no such tag".toString())
            }
            String previous = tags[(String) m.tag]?.get(service)
            images << [source: source, target: "${repository}:${m.tag}".toString(), digest: digest,
                       previousDigest: previous == null ? null : digestOf(previous)]
        }
        if (!m.plan) {
            for (Map i in images) {
                String repository = i.target.substring(0, i.target.lastIndexOf(':'))
                tags.computeIfAbsent((String) m.tag) { [:] }[repository - "${REPO}-"] = "${repository}@${i.digest}".toString()
            }
        }
        return m.plan ? [plan: true, images: images] : [images: images]
    }

    // status and logs

    @Test
    void statusPrintsEachHostsContainersLockAndAuditAndChangesNothing() {
        operations(ACTION: 'status', ENVIRONMENT: 'staging')
        assert stepsCalled() == ['properties', 'node', 'remoteStatus']
        assert calls.remoteStatus[0] == [profile: 'staging', returnFailure: true, sshCredentialsId: 'staging-ssh']
        String printed = agent.echoed.join('\n')
        assert printed.contains('ubuntu@vm-staging: docker ok, compose v2, deploy lock free')
        assert printed.contains("vm-staging api running ${release('2').api}")
        assert printed.contains('2026-12-02T10:00:00Z deploy ok: release r-2, build build-2')
        assert description() == 'status staging'
        assert changes().isEmpty()
        assertDeploySafety()
    }

    @Test
    void statusWithAHostWhoseDockerIsUnreachablePrintsEveryHostMarksThatOneAndFailsTheBuild() {
        dockerUnreachableOn = 'vm-staging-2'
        Throwable e = operationsFailing(ACTION: 'status', ENVIRONMENT: 'staging')
        String printed = agent.echoed.join('\n')
        assert printed.contains('ubuntu@vm-staging: docker ok, compose v2, deploy lock free\n')
        assert printed.contains("vm-staging api running ${release('2').api}")
        assert printed.contains('2026-12-02T10:00:00Z deploy ok: release r-2, build build-2')
        assert printed.contains('ubuntu@vm-staging-2: docker unreachable, compose none, deploy lock free' +
                '  <<< DOCKER UNREACHABLE: what runs here is unknown and a deploy here would fail')
        assert e.message == 'status: 1 of 2 hosts unhealthy: ubuntu@vm-staging-2 (docker unreachable); the report above shows every host. ' +
                'Check the daemon there (systemctl status docker) and that the deploy user is in the docker group; bootstrap fixes both'
        assert changes().isEmpty()
    }

    @Test
    void statusOfProductionNeedsNoApprovalAndUsesProductionsCredential() {
        operations(ACTION: 'status', ENVIRONMENT: 'production')
        assert stepsCalled() == ['properties', 'node', 'remoteStatus']
        assert calls.remoteStatus[0].sshCredentialsId == 'production-ssh'
        assert !calls.input
    }

    @Test
    void logsPrintsTheServicesLinesPerHost() {
        operations(ACTION: 'logs', ENVIRONMENT: 'staging', SERVICE: ' worker ', TAIL: '50')
        assert stepsCalled() == ['properties', 'node', 'remoteLogs']
        assert calls.remoteLogs[0] == [profile: 'staging', service: 'worker', tail: 50, sshCredentialsId: 'staging-ssh']
        assert agent.echoed.contains('== vm-staging worker\nworker line 1\nworker line 2\n')
        assert changes().isEmpty()
    }

    @Test
    void logsWithABadTailOrServiceStopsBeforeAnythingRuns() {
        Throwable e = operationsFailing(ACTION: 'logs', ENVIRONMENT: 'staging', TAIL: 'lots')
        assert e.message == 'TAIL: give the number of lines per host, 1 to 99999, not lots'
        assert !stepsCalled().contains('node')
        e = operationsFailing(ACTION: 'logs', ENVIRONMENT: 'staging', SERVICE: 'api; rm -rf /')
        assert e.message.startsWith('SERVICE: give a compose service name')
        assert !stepsCalled().contains('node')
    }

    // redeploy

    @Test
    void redeployOfStagingBySha12ResolvesEachTagToADigestThenPromotesAndDeploysThoseDigestsInsideTheLock() {
        operations(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT)
        assert stepsCalled() == ['properties', 'node', 'promoteByDigest',
                                 'lock', 'node', 'promoteByDigest', 'remoteUpdate']
        assert calls.promoteByDigest[0].plan == true
        assert calls.promoteByDigest[0].source == SERVICES.collect { "${REPO}-${it}:${BUILT}" }
        Map<String, String> built = release('5')
        assert calls.promoteByDigest[1].source == built.keySet().sort().collect { built[it] }: 'the tag moves by digest'
        assert calls.promoteByDigest[1].tag == 'staging' && calls.promoteByDigest[1].registryCredentialsId == 'ghcr-push'
        assert calls.remoteUpdate[0] == [profile: 'staging', images: built, returnFailure: true, sshCredentialsId: 'staging-ssh', pullCredentialsId: 'ghcr-pull']
        // In request order, and no milestone: it is per job, and this job serves both environments.
        assert eventsOf('lock')[0].detail == 'inventiv-agents/staging inversePrecedence=null'
        assert !stepsCalled().contains('milestone')
        assert !calls.input: 'staging needs no approval'
        assert running('staging') == built && tags.staging == built
        assert description() == 'redeploy staging: ok r-3, api@555555555555 frontend@555555555555 orchestrator@555555555555 worker@555555555555'
        assertDeploySafety()
    }

    @Test
    void redeployOfASha12MainNeverPushedFailsWithTheEnginesLineAndChangesNothing() {
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: 'fedcba987654')
        assert e.message == "promoteByDigest: promote failed (exit 1): ${REPO}-api:fedcba987654: the registry has no such tag"
        assert changes().isEmpty() && !stepsCalled().contains('lock')
    }

    @Test
    void redeployByExplicitDigestsKeepsTheServicesNotNamedAtWhatTheEnvironmentRuns() {
        String api = 'sha256:' + 'd' * 64
        String worker = 'sha256:' + 'e' * 64
        operations(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: " api=${api} , worker=${worker}")
        assert stepsCalled() == ['properties', 'node', 'remoteStatus', 'lock', 'node', 'promoteByDigest', 'remoteUpdate']
        Map<String, String> expected = release('2') + [api: "${REPO}-api@${api}".toString(), worker: "${REPO}-worker@${worker}".toString()]
        assert calls.remoteUpdate[0].images == expected
        assert running('staging') == expected && tags.staging == expected
        assertDeploySafety()
    }

    @Test
    void redeployOfSomeServicesOfAnEnvironmentNeverDeployedAsksForEveryService() {
        history.staging = []
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: "api=sha256:${'d' * 64}")
        assert e.message == 'TARGET: no digest for orchestrator and staging has no successful release to keep it from; ' +
                'name every service: api, orchestrator, frontend, worker'
        assert changes().isEmpty() && !stepsCalled().contains('lock')
    }

    @Test
    void redeployByEveryDigestNeedsNoLookUp() {
        String target = SERVICES.collect { "${it}=sha256:${'f' * 64}" }.join(',')
        operations(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: target)
        assert stepsCalled() == ['properties', 'node', 'lock', 'node', 'promoteByDigest', 'remoteUpdate']
        assert running('staging').values().every { it.endsWith('f' * 64) }
    }

    @Test
    void aBadRedeployTargetIsNamedAndNothingRuns() {
        Map<String, String> bad = [
                '': 'TARGET: redeploy needs a sha12 or SERVICE=sha256:... pairs; it is empty',
                'latest': 'TARGET: give a sha12 or SERVICE=sha256:<64 hex> pairs separated by commas, each service once (api, orchestrator, frontend, worker), not latest',
                'api=sha256:abc': 'TARGET: give a sha12 or SERVICE=sha256:<64 hex> pairs separated by commas, each service once (api, orchestrator, frontend, worker), not api=sha256:abc',
                ("db=sha256:${'a' * 64}".toString()): "TARGET: give a sha12 or SERVICE=sha256:<64 hex> pairs separated by commas, each service once (api, orchestrator, frontend, worker), not db=sha256:${'a' * 64}".toString(),
                ("api=sha256:${'a' * 64},api=sha256:${'b' * 64}".toString()): "TARGET: give a sha12 or SERVICE=sha256:<64 hex> pairs separated by commas, each service once (api, orchestrator, frontend, worker), not api=sha256:${'b' * 64}".toString(),
        ]
        bad.each { String target, String message ->
            events.clear()
            calls.clear()
            Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: target)
            assert e.message == message
            assert stepsCalled() == ['properties']: "${target}: ${stepsCalled()}"
        }
        assert running('production') == release('2') && tags.prod == release('2')
    }

    @Test
    void aBadActionOrEnvironmentIsNamedAndNothingRuns() {
        Throwable e = operationsFailing(ACTION: 'restart', ENVIRONMENT: 'staging')
        assert e.message == 'ACTION must be status, logs, redeploy or rollback, not restart'
        e = operationsFailing(ACTION: 'status', ENVIRONMENT: 'prod')
        assert e.message == 'ENVIRONMENT must be staging or production, not prod'
        assert stepsCalled() == ['properties', 'properties']
    }

    @Test
    void theFirstBuildOnlyDeclaresTheParameters() {
        binding.setVariable('params', new HashMap())
        runPipeline(operationsJenkinsfile())
        assert stepsCalled() == ['properties']
        assert eventsOf('properties')[0].detail.contains('numToKeepStr:100')
        assert ['ACTION', 'ENVIRONMENT', 'TARGET', 'SERVICE', 'TAIL'].every { eventsOf('properties')[0].detail.contains("name:${it}") }
        assert description() == 'parameters declared'
    }

    @Test
    void productionRedeployApprovedOutsideAnyNodeAndLockWithThePlanThenCheckedAgainInsideTheLock() {
        inputAnswers << 'alice'
        operations(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert stepsCalled() == ['properties', 'node', 'promoteByDigest', 'remoteUpdate', 'timeout', 'input',
                                 'lock', 'node', 'remoteUpdate', 'promoteByDigest', 'remoteUpdate']
        assert calls.remoteUpdate*.plan == [true, true, null]
        Map input = calls.input[0]
        assert input.submitter == 'inventiv-release-approvers' && input.ok == 'Redeploy production'
        assert input.message.startsWith("Redeploy production at ${BUILT}?\nubuntu@vm-production, running release r-2 (build build-2)\n")
        assert input.message.contains("  api: ${digestOf(release('2').api).take(19)} -> ${digestOf(release('5').api).take(19)} (update)")
        assert eventsOf('timeout')[0].detail == '30 MINUTES'
        assert eventsOf('lock')[0].detail == 'inventiv-agents/production inversePrecedence=null'
        assert calls.promoteByDigest[1].tag == 'prod'
        assert calls.remoteUpdate[2].sshCredentialsId == 'production-ssh'
        assert running('production') == release('5') && tags.prod == release('5')
        assert description().endsWith('(approved by alice)')
        assertDeploySafety()
    }

    @Test
    void productionRedeployRefusedChangesNothing() {
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e instanceof FlowInterruptedException
        assert changes().isEmpty() && !stepsCalled().contains('lock')
        assert running('production') == release('2') && tags.prod == release('2')
        assertDeploySafety()
    }

    @Test
    void productionRedeployWhoseApprovalTimesOutChangesNothing() {
        approvalTimesOut = true
        inputAnswers << 'alice'
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e instanceof FlowInterruptedException && e.message == 'Timeout has been exceeded'
        assert changes().isEmpty() && !stepsCalled().contains('lock')
        assert running('production') == release('2') && tags.prod == release('2')
    }

    @Test
    void aDeployThatRanWhileThisBuildWaitedForTheLockStopsTheApprovedRedeploy() {
        inputAnswers << 'alice'
        anotherBuildHeldTheLock = { history.production << release('7'); tags.prod = release('7') }
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e.message.startsWith('production changed after the approval (the plan computed in the lock differs from the approved one: ')
        assert e.message.contains('ran release r-2 (build build-2) at approval, now r-3 (build build-2)')
        assert e.message.contains('api: the running image moved from ')
        assert e.message.endsWith('; nothing was changed: run the job again to approve the current plan')
        assert changes().isEmpty()
        assert running('production') == release('7') && tags.prod == release('7')
        assertDeploySafety()
    }

    @Test
    void aProductionPlanWithoutFingerprintIsNeverPutToTheApprover() {
        plansWithoutFingerprint = true
        inputAnswers << 'alice'
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e.message.startsWith("the engine's deploy --plan gave no fingerprint")
        assert !calls.input && changes().isEmpty()
        e = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'production')
        assert e.message.startsWith("the engine's deploy --plan gave no fingerprint")
        assert !calls.input && changes().isEmpty()
    }

    @Test
    void aFailedDeployThatRolledBackPutsTheTagBackOnWhatTheHostsRun() {
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm-staging: api unhealthy after 2m; rolled back to release r-2'
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT)
        assert e.message == deployFailure + '. :staging is back on the previous images, which every host runs again ' +
                '(vm-staging runs the previous release (rolled-back)).'
        assert changes() == ['promoteByDigest staging', 'remoteUpdate staging', 'promoteByDigest staging']
        Map<String, String> before = release('2')
        assert calls.promoteByDigest[2].source == before.keySet().sort().collect { before[it] }
        assert running('staging') == before && tags.staging == before
        assertDeploySafety()
    }

    @Test
    void aFailedDeployWithRollbackOffLeavesTheTagOnWhatTheHostRunsAndSaysHowToRollBack() {
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm-staging: health check failed for 120s'
        deployHosts = [[host: 'vm-staging', user: 'ubuntu', result: 'failed', running: 'new']]
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT)
        assert changes() == ['promoteByDigest staging', 'remoteUpdate staging']
        assert running('staging') == release('5') && tags.staging == release('5'): 'the tag names what the host runs'
        String to = digestOf(release('2').api)
        assert e.message == deployFailure + '. :staging stays on the new images (what the deploy put there): not every host is back ' +
                'on the previous release: vm-staging runs the new release (failed, not rolled back). To bring every host and :staging back ' +
                "to the previous release, run the operations job (ACTION rollback, TARGET ${to}), which moves :staging with the hosts " +
                "(or remoteRollback(to: '${to}'), then promoteByDigest of what it reports onto :staging); or fix the cause and deploy again."
        // What the message says to do works: the rollback to that digest brings host and tag back together.
        operations(ACTION: 'rollback', ENVIRONMENT: 'staging', TARGET: to)
        assert running('staging') == release('2') && tags.staging == release('2')
    }

    @Test
    void aTagThatCannotBePutBackIsNamedWithTheFix() {
        deployFailure = 'remoteUpdate: deploy failed (exit 1): vm-staging: api unhealthy after 2m; rolled back to release r-2'
        standInForLibraryStep('promoteByDigest') { Map m ->
            agent.requireNode('promoteByDigest')
            calls.promoteByDigest << m
            event('promoteByDigest', (String) m.tag, m.plan == true)
            if (calls.promoteByDigest.size() == 3) {
                failWith('promoteByDigest: promote failed (exit 1): registry answered 503')
            }
            promote(m)
        }
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT)
        assert tags.staging == release('5') && running('staging') == release('2')
        assert e.message.startsWith(deployFailure + '. every host runs the previous release again, but putting :staging back failed ' +
                '(promoteByDigest: promote failed (exit 1): registry answered 503), so :staging still points at the new images, which no host runs. ' +
                "Put it back by hand: promoteByDigest(source: ['${release('2').api}'")
    }

    @Test
    void aHostLockHeldByAnotherDeployStopsTheRedeploySaysSoAndPutsTheTagBack() {
        inputAnswers << 'alice'
        deployFailure = 'remoteUpdate: deploy failed: the deploy lock is held by another deploy (exit 3); wait for it or see remoteStatus: ' +
                'vm-production: lock held by inventiv-agents-main-6 since 12:01:07'
        deployHosts = [[host: 'vm-production', user: 'ubuntu', result: 'lock-held', running: 'previous']]
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e.message.contains('the deploy lock is held by another deploy (exit 3)')
        assert e.message.contains(':prod is back on the previous images')
        assert running('production') == release('2') && tags.prod == release('2')
        assertDeploySafety()
    }

    @Test
    void anAbortedDeployLeavesTheTagForTheOperatorToCheck() {
        // An abort is not a failure the host rolled back from: the host-side run carries on (docs/remote.md).
        standInForLibraryStep('remoteUpdate') { Map m ->
            agent.requireNode('remoteUpdate')
            event('remoteUpdate', m.profile, m.plan == true)
            throw new FlowInterruptedException('aborted by bob')
        }
        Throwable e = operationsFailing(ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT)
        assert e instanceof FlowInterruptedException
        assert changes() == ['promoteByDigest staging', 'remoteUpdate staging']
    }

    @Test
    void anAppWhoseProfilesAreFilesOfItsRepositoryHasItCheckedOutInEveryNodeFirst() {
        step('git', [Map]) { Map m -> agent.requireNode('git'); event('git', "${m.url} ${m.branch}".toString()); null }
        String jenkinsfile = operationsJenkinsfile()
                .replace("final Map<String, String> APP_REPOSITORY = [:]",
                         "final Map<String, String> APP_REPOSITORY = [url: 'https://github.com/inventiv/app.git', branch: 'main', credentialsId: 'github-scan']")
                .replace("profile: 'staging', tag: 'staging'", "profile: 'deploy/staging.yaml', tag: 'staging'")
        history['deploy/staging.yaml'] = history.staging
        binding.setVariable('params', new HashMap([ACTION: 'redeploy', ENVIRONMENT: 'staging', TARGET: BUILT]))
        runPipeline(jenkinsfile)
        assert stepsCalled() == ['properties', 'node', 'git', 'promoteByDigest',
                                 'lock', 'node', 'git', 'promoteByDigest', 'remoteUpdate']
        assert eventsOf('git')*.detail == ['https://github.com/inventiv/app.git main'] * 2
        assert calls.remoteUpdate[0].profile == 'deploy/staging.yaml'
        assertDeploySafety()
    }

    // rollback

    @Test
    void rollbackOfStagingReturnsToThePreviousReleaseAndMovesTheTagWithoutApproval() {
        history.staging << release('3')
        tags.staging = release('3')
        operations(ACTION: 'rollback', ENVIRONMENT: 'staging')
        assert stepsCalled() == ['properties', 'lock', 'node', 'remoteRollback', 'promoteByDigest']
        assert calls.remoteRollback[0] == [profile: 'staging', sshCredentialsId: 'staging-ssh', pullCredentialsId: 'ghcr-pull']
        assert running('staging') == release('2') && tags.staging == release('2')
        assert description().startsWith('rollback staging: ok r-4, api@222222222222')
        assertDeploySafety()
    }

    @Test
    void rollbackToADigestReturnsToTheReleaseThatRanIt() {
        history.staging << release('3')
        String digest = digestOf(release('1').worker)
        operations(ACTION: 'rollback', ENVIRONMENT: 'staging', TARGET: digest)
        assert calls.remoteRollback[0].to == digest
        assert running('staging') == release('1') && tags.staging == release('1')
        assertDeploySafety()
    }

    @Test
    void aBadRollbackTargetIsNamedAndNothingRuns() {
        Throwable e = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'production', TARGET: BUILT)
        assert e.message == "TARGET: rollback takes a digest sha256:<64 hex>, or nothing for the previous release, not ${BUILT}"
        assert stepsCalled() == ['properties']
    }

    @Test
    void productionRollbackApprovedWithItsPlanThenCheckedAgainInsideTheLock() {
        inputAnswers << 'carol'
        operations(ACTION: 'rollback', ENVIRONMENT: 'production')
        assert stepsCalled() == ['properties', 'node', 'remoteRollback', 'timeout', 'input',
                                 'lock', 'node', 'remoteRollback', 'remoteRollback', 'promoteByDigest']
        assert calls.remoteRollback*.plan == [true, true, null]
        assert calls.input[0].message.startsWith('Roll production back to the previous release?\nubuntu@vm-production, running release r-2')
        assert calls.input[0].message.contains("  api: ${digestOf(release('2').api).take(19)} -> ${digestOf(release('1').api).take(19)} (update)")
        assert calls.input[0].submitter == 'inventiv-release-approvers'
        assert running('production') == release('1') && tags.prod == release('1')
        assert description().endsWith('(approved by carol)')
        assertDeploySafety()
    }

    @Test
    void productionRollbackRefusedOrTimedOutChangesNothing() {
        Throwable refused = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'production')
        assert refused instanceof FlowInterruptedException
        assert changes().isEmpty() && !stepsCalled().contains('lock')
        assertDeploySafety()

        events.clear()
        calls.clear()
        approvalTimesOut = true
        inputAnswers << 'carol'
        Throwable timedOut = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'production', TARGET: digestOf(release('1').api))
        assert timedOut instanceof FlowInterruptedException && timedOut.message == 'Timeout has been exceeded'
        assert changes().isEmpty() && !stepsCalled().contains('lock')
        assert running('production') == release('2') && tags.prod == release('2')
    }

    @Test
    void aProductionRollbackWhoseTargetChangedWhileWaitingForTheLockStops() {
        inputAnswers << 'carol'
        // Another deploy went out meanwhile: "the previous release" is now what was approved to be replaced.
        anotherBuildHeldTheLock = { history.production << release('7') }
        Throwable e = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'production')
        assert e.message.startsWith('production changed after the approval (the plan computed in the lock differs from the approved one: ')
        assert e.message.endsWith('; nothing was changed: run the job again to approve the current plan')
        assert changes().isEmpty()
        assertDeploySafety()
    }

    @Test
    void aFailedRollbackLeavesTheTagWhereItWas() {
        rollbackFailure = 'remoteRollback: rollback failed (exit 1): vm-staging: api unhealthy after 2m; rolled back to release r-2'
        Throwable e = operationsFailing(ACTION: 'rollback', ENVIRONMENT: 'staging')
        assert e.message == rollbackFailure
        assert changes() == ['remoteRollback staging']
        assert tags.staging == release('2')
    }
}
