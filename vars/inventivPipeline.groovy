import io.inventiv.pipeline.jenkins.Aborts
import io.inventiv.pipeline.jenkins.MigrationsDir
import io.inventiv.pipeline.jenkins.PipelineFlow
import io.inventiv.pipeline.jenkins.PlanComparison
import io.inventiv.pipeline.jenkins.PlainData
import io.inventiv.pipeline.jenkins.ProductionRevision
import io.inventiv.pipeline.jenkins.StepArguments
import io.inventiv.pipeline.jenkins.TagBack

/**
 * The whole multibranch flow in one call: pull requests and branches run the gate; main builds,
 * validates, promotes and deploys staging; a v* tag promotes main's digests to production after
 * approval. Decisions live in PipelineFlow; this file only orders the steps. Help: inventivPipeline.txt.
 */
def call(Map args = [:]) {
    Map spec = PipelineFlow.spec()
    String problem = StepArguments.problem('inventivPipeline', spec, args)
    if (problem == null) {
        problem = MigrationsDir.problem((String) args?.migrationsDir)
    }
    if (problem != null) {
        error(problem)
    }
    Map a = StepArguments.withDefaults(spec, args)
    // Only a directory named on purpose must exist: the default's absence means an app without migrations.
    a.migrationsDirGiven = args?.migrationsDir != null
    Map run = new HashMap()
    run.app = PipelineFlow.appName((String) a.app, (String) env.JOB_NAME)
    run.kind = PipelineFlow.kind((String) env.BRANCH_NAME, (String) env.CHANGE_ID, (String) env.TAG_NAME, (String) a.mainBranch)
    run.ref = (String) (env.TAG_NAME ?: env.BRANCH_NAME)
    run.stage = 'CI gate'
    run.deployed = new ArrayList()
    if (run.kind in [PipelineFlow.PULL_REQUEST, PipelineFlow.BRANCH]) {
        // Only branch and PR jobs: a newer push aborts the older build. Release and main builds queue on their locks.
        properties([buildDiscarder(logRotator(numToKeepStr: String.valueOf(a.buildsToKeep))),
                    disableConcurrentBuilds(abortPrevious: true)])
    }
    String warning = PipelineFlow.environmentSpecificWarning(PipelineFlow.environmentSpecificBuildArgs((Map) a.buildArgs))
    if (warning != null) {
        echo(warning)
    }
    try {
        gateStage(a, run)
        if (run.kind == PipelineFlow.MAIN) {
            mainFlow(a, run)
        } else if (run.kind == PipelineFlow.RELEASE) {
            releaseFlow(a, run)
        }
        run.result = 'ok'
    } catch (Throwable e) {
        run.result = Aborts.isAbort(e) ? 'aborted' : 'failed'
        run.error = String.valueOf(e.message)
        String paragraph = PipelineFlow.failureParagraph((String) run.stage, (String) run.error, (String) run.kind)
        record(a, run)
        if (Aborts.isAbort(e)) {
            echo(paragraph)
            throw e
        }
        error(paragraph)
    }
    record(a, run)
    return PlainData.copy(run)
}

private void gateStage(Map a, Map run) {
    stage('CI gate') {
        run.stage = 'CI gate'
        onNode((String) a.gateLabel) {
            Map scmVars = checkout(scm)
            run.commit = gitCommit(scmVars)
            ciGate(gateFile: a.gate, secretCredentials: a.gateSecretCredentials, engine: a.engine)
        }
    }
}

private void mainFlow(Map a, Map run) {
    stage('Build images') {
        run.stage = 'Build images'
        if (!(a.buildLabel ?: '').contains('arm64')) {
            echo('inventivPipeline: no arm64 agent named (buildLabel), so ARM64 images build under QEMU emulation')
        }
        onNode((String) a.buildLabel) {
            checkout(scm)
            Map built = buildxBuild(images: a.images, push: true, skipExisting: true, platforms: a.platforms,
                    buildArgs: a.buildArgs, secrets: a.buildSecrets, buildxDriver: a.buildxDriver, network: a.buildNetwork,
                    registryCredentialsId: a.registryCredentialsId, engine: a.engine)
            run.images = PipelineFlow.imagesByService((List) built.images)
        }
    }
    stage('Validate staging') {
        run.stage = 'Validate staging'
        onNode((String) a.deployLabel) {
            checkout(scm)
            validateSecrets(profile: a.staging, sshCredentialsId: a.stagingSshCredentialsId, pullCredentialsId: a.pullCredentialsId,
                    secretCredentials: a.stagingSecretCredentials, settings: a.stagingSettings, engine: a.engine)
        }
    }
    stage('Deploy staging') {
        run.stage = 'Deploy staging'
        promoteAndDeploy(a, run, 'staging', (String) a.staging, (String) a.stagingSshCredentialsId,
                (Map) a.stagingSecretCredentials, (Map) a.stagingSettings, null)
    }
}

private void releaseFlow(Map a, Map run) {
    String tag = (String) env.TAG_NAME
    stage('Wait for main') {
        run.stage = 'Wait for main'
        run.images = waitForMain(a, run)
    }
    stage('Promote release') {
        run.stage = 'Promote release'
        onNode((String) a.deployLabel) {
            promoteByDigest(source: PipelineFlow.sources((Map) run.images), tag: tag, requirePlatforms: a.platforms,
                    registryCredentialsId: a.registryCredentialsId, engine: a.engine)
        }
    }
    Map approvedPlan
    stage('Approval') {
        run.stage = 'Approval'
        Map plan
        onNode((String) a.deployLabel) {
            checkout(scm)
            plan = productionPlan(a, run)
        }
        String unusable = PlanComparison.unusable(plan)
        if (unusable != null) {
            error("inventivPipeline: ${unusable}")
        }
        approvedPlan = plan
        // input outside any node: a build waiting for a person holds no executor.
        timeout(time: a.approvalTimeoutMinutes, unit: 'MINUTES') {
            Map question = [message: PipelineFlow.approvalMessage((String) run.app, tag, plan, (Map) run.images), ok: 'Deploy', submitterParameter: 'approver']
            if (a.approvalSubmitter) {
                question.submitter = a.approvalSubmitter
            }
            run.approvedBy = String.valueOf(input(question))
        }
    }
    stage('Deploy production') {
        run.stage = 'Deploy production'
        promoteAndDeploy(a, run, 'production', (String) a.production, (String) a.productionSshCredentialsId,
                (Map) a.productionSecretCredentials, (Map) a.productionSettings, approvedPlan)
    }
}

/** Bounded wait for main's :<sha12> digests and for staging's audit to show them deployed ok. */
private Map waitForMain(Map a, Map run) {
    String sha12 = PipelineFlow.sha12((String) run.commit)
    if (sha12 == null) {
        error("inventivPipeline: the tag's commit is unknown (${run.commit}); the checkout must be a git repository")
    }
    int polls = Math.max(1, (((Integer) a.waitForMainMinutes) * 60).intdiv((Integer) a.waitPollSeconds) as int)
    String missing = null
    for (int i = 0; i < polls; i++) {
        if (i > 0) {
            sleep(time: a.waitPollSeconds, unit: 'SECONDS')
        }
        Map found
        onNode((String) a.deployLabel) {
            checkout(scm)
            found = mainImages(a, sha12)
        }
        if (found.images != null) {
            return (Map) found.images
        }
        missing = (String) found.missing
    }
    error("inventivPipeline: after ${a.waitForMainMinutes} min, ${missing}")
    return null
}

/** [images: service → REPO@digest] when main's images exist and staging runs them, else [missing: why]. */
private Map mainImages(Map a, String sha12) {
    Map status = remoteStatus(profile: a.staging, sshCredentialsId: a.stagingSshCredentialsId, settings: a.stagingSettings,
            auditLines: 50, engine: a.engine)
    Map last = PipelineFlow.lastGoodDeploy(status)
    List<String> repos = (List<String>) (a.imageRepositories ?: PipelineFlow.repositoriesOf(last))
    if (repos.isEmpty()) {
        return [missing: 'staging has never been deployed, so there is no image set to release; let main deploy staging first']
    }
    Map images = new HashMap()
    for (int i = 0; i < repos.size(); i++) {
        String ref = "${repos[i]}:${sha12}"
        Map d = inventivEngineCommand(label: 'inventivPipeline', command: 'digest', args: [ref],
                registryCredentialsId: a.registryCredentialsId, returnFailure: true, engine: a.engine)
        if (d.exitCode) {
            return [missing: "${ref} does not exist (main has not pushed this commit): ${d.error}".toString()]
        }
        images[PipelineFlow.serviceOf((String) repos[i], last)] = "${repos[i]}@${d.digest}".toString()
    }
    List<String> digests = []
    for (String image : PipelineFlow.sources(images)) {
        digests.add(image.substring(image.indexOf('@') + 1))
    }
    if (!PipelineFlow.deployedOk(status, digests)) {
        return [missing: "staging's audit shows no successful deploy of ${sha12} (${PipelineFlow.sources(images).join(', ')}); let main's build deploy staging first".toString()]
    }
    return [images: images]
}

/** deploy --plan for production, with the running release and the downgrade check. */
private Map productionPlan(Map a, Map run) {
    Map status = remoteStatus(profile: a.production, sshCredentialsId: a.productionSshCredentialsId,
            settings: a.productionSettings, auditLines: 50, engine: a.engine)
    Map last = PipelineFlow.lastGoodDeploy(status)
    String downgrade = PipelineFlow.downgradeProblem((String) env.TAG_NAME, (String) last?.build, (Boolean) a.allowDowngrade)
    if (downgrade != null) {
        error("inventivPipeline: ${downgrade}")
    }
    checkMigrationsSinceProduction(a, run, last)
    return remoteUpdate(profile: a.production, sshCredentialsId: a.productionSshCredentialsId, pullCredentialsId: a.pullCredentialsId,
            secretCredentials: a.productionSecretCredentials, settings: a.productionSettings, images: run.images, plan: true,
            build: env.TAG_NAME, engine: a.engine)
}

/**
 * An edited, already-applied migration stops the release: check-migrations --since the commit
 * production runs, the revision label of its :prod images (ProductionRevision decides; a first
 * release has nothing to check, an image without the label falls back to the audit's version tag),
 * in migrationsDir (MigrationsDir decides what a checkout without it means).
 */
private void checkMigrationsSinceProduction(Map a, Map run, Map last) {
    String dir = (String) a.migrationsDir
    if (!fileExists(dir)) {
        Map absent = MigrationsDir.absent(dir, (Boolean) a.migrationsDirGiven)
        if (absent.problem) {
            error("inventivPipeline: ${absent.problem}")
        }
        echo((String) absent.skip)
        return
    }
    List<String> repos = PipelineFlow.repositoriesOf(last)
    if (repos.isEmpty()) {
        repos = PipelineFlow.repositoriesOfImages((Map) run.images)
    }
    List<Map> reports = []
    for (int i = 0; i < repos.size(); i++) {
        reports.add(inventivEngineCommand(label: 'inventivPipeline', command: 'digest',
                args: ['--labels', '--allow-missing', ProductionRevision.prodReference(repos[i])],
                registryCredentialsId: a.registryCredentialsId, engine: a.engine))
    }
    Map since = ProductionRevision.since(reports, (String) last?.build)
    if (since.problem) {
        error("inventivPipeline: ${since.problem}")
    }
    if (since.skip) {
        echo((String) since.skip)
        return
    }
    echo((String) since.note)
    int found
    withEnv(["INVENTIV_SINCE=${since.since}"]) {
        found = sh(returnStatus: true, script: 'git cat-file -e "$INVENTIV_SINCE^{commit}"')
    }
    if (found != 0) {
        error("inventivPipeline: ${ProductionRevision.missingCommit((String) since.since)}")
    }
    inventivEngineCommand(label: 'inventivPipeline', command: 'check-migrations', args: ['--since', since.since, '--migrations-dir', dir],
            engine: a.engine)
}

/**
 * An environment's promotion and deploy together, inside its lock: node inside the lock (a waiting
 * build holds no executor), milestone inside the lock (an older build that gets it after a newer
 * one stops). With {@code approvedPlan}, the plan is computed again and must not have changed.
 */
private void promoteAndDeploy(Map a, Map run, String environment, String profile, String sshId, Map secrets, Map settings,
                              Map approvedPlan) {
    String tag = environment == 'production' ? 'prod' : 'staging'
    String build = environment == 'production' ? (String) env.TAG_NAME : "${run.app}-${env.BRANCH_NAME}-${env.BUILD_NUMBER}"
    lock(resource: PipelineFlow.lockName((String) run.app, environment), inversePrecedence: true) {
        milestone()
        onNode((String) a.deployLabel) {
            checkout(scm)
            if (approvedPlan != null) {
                String changed = PlanComparison.change(approvedPlan, productionPlan(a, run))
                if (changed != null) {
                    error("inventivPipeline: ${changed}")
                }
            }
            Map promoted = promoteByDigest(source: PipelineFlow.sources((Map) run.images), tag: tag, requirePlatforms: a.platforms,
                    registryCredentialsId: a.registryCredentialsId, engine: a.engine)
            Map deployed
            try {
                deployed = remoteUpdate(profile: profile, sshCredentialsId: sshId, pullCredentialsId: a.pullCredentialsId,
                        secretCredentials: secrets, settings: settings, images: run.images, build: build, returnFailure: true,
                        engine: a.engine)
            } catch (Throwable e) {
                // An abort leaves the tag: the host-side run carries on (docs/remote.md).
                if (Aborts.isAbort(e)) {
                    throw e
                }
                deployed = [exitCode: 1, error: String.valueOf(e.message)]
            }
            if (deployed.exitCode) {
                error("${deployed.error}. ${tagAfterFailedDeploy(a, tag, promoted, deployed)}")
            }
            ((List) run.deployed).add([environment: environment, images: run.images, hosts: PipelineFlow.hostsOf(deployed),
                                       releaseId: deployed.releaseId])
        }
    }
}

/**
 * After a failed deploy the tag goes back to the previous digests only when every host runs them
 * again (TagBack decides); returns what the tag and the hosts are left at, for the failure paragraph.
 */
private String tagAfterFailedDeploy(Map a, String tag, Map promoted, Map deployed) {
    Map decision = TagBack.decide(tag, promoted, deployed)
    List<String> previous = (List<String>) decision.sources
    if (!previous.isEmpty()) {
        try {
            promoteByDigest(source: previous, tag: tag, registryCredentialsId: a.registryCredentialsId, engine: a.engine)
        } catch (Throwable e) {
            if (Aborts.isAbort(e)) {
                throw e
            }
            return TagBack.putBackFailed(tag, previous, e.message)
        }
    }
    return (String) decision.message
}

/** The description (what went where) and the archived deployment record. */
private void record(Map a, Map run) {
    currentBuild.description = PipelineFlow.describe((String) run.kind, (String) run.ref, (List<Map>) run.deployed)
    if (run.kind in [PipelineFlow.MAIN, PipelineFlow.RELEASE]) {
        onNode((String) a.deployLabel) {
            writeFile(file: 'inventiv-deployment.json', text: PipelineFlow.recordJson(run))
            archiveArtifacts(artifacts: 'inventiv-deployment.json')
        }
    }
}

private String gitCommit(Map scmVars) {
    return ((String) (scmVars?.GIT_COMMIT ?: sh(returnStdout: true, script: 'git rev-parse HEAD'))).trim()
}

private Object onNode(String label, Closure body) {
    if (label) {
        return node(label, body)
    }
    return node(body)
}
