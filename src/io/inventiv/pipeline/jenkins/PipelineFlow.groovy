package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonOutput

/**
 * The decisions of {@code inventivPipeline}, as values: which flow a build runs (from its
 * BRANCH_NAME, CHANGE_ID, TAG_NAME), the stages of that flow, lock names, release version order,
 * what staging's audit proves, and the texts a build shows. Calls no step.
 */
class PipelineFlow implements Serializable {

    static final String PULL_REQUEST = 'pull-request'
    static final String BRANCH = 'branch'
    static final String MAIN = 'main'
    static final String RELEASE = 'release'

    /** Build argument names that usually carry one environment's value into an image. */
    private static final List<String> ENV_SPECIFIC_PREFIXES = ['NEXT_PUBLIC_']
    private static final List<String> ENV_SPECIFIC_SUFFIXES = ['_URL', '_DOMAIN']

    @NonCPS
    static Map<String, Map> spec() {
        Map<String, Map> s = new LinkedHashMap<String, Map>()
        s.put('app', StepSpecs.key('String', null, "'inventiv'"))
        s.put('images', StepSpecs.key('String', 'images.yaml', "'images.yaml'"))
        s.put('gate', StepSpecs.key('String', 'gate.yaml', "'ci/gate.yaml'"))
        s.put('staging', StepSpecs.key('String', 'deploy/staging.yaml', "'deploy/staging.yaml'"))
        s.put('production', StepSpecs.key('String', 'deploy/production.yaml', "'deploy/production.yaml'"))
        s.put('mainBranch', StepSpecs.key('String', 'main', "'master'"))
        s.put('gateLabel', StepSpecs.key('String', null, "'linux'"))
        s.put('buildLabel', StepSpecs.key('String', null, "'arm64'"))
        s.put('deployLabel', StepSpecs.key('String', null, "'deploy'"))
        s.put('registryCredentialsId', StepSpecs.key('String', null, "'ghcr-push'"))
        s.put('pullCredentialsId', StepSpecs.key('String', null, "'ghcr-pull'"))
        s.put('stagingSshCredentialsId', StepSpecs.key('String', 'staging-ssh', "'staging-ssh'"))
        s.put('productionSshCredentialsId', StepSpecs.key('String', 'production-ssh', "'production-ssh'"))
        s.put('stagingSecretCredentials', StepSpecs.key('Map', new HashMap(), "[STG_JWT_SECRET: 'stg-jwt']"))
        s.put('productionSecretCredentials', StepSpecs.key('Map', new HashMap(), "[PROD_JWT_SECRET: 'prod-jwt']"))
        s.put('gateSecretCredentials', StepSpecs.key('Map', new HashMap(), "[NPM_TOKEN: 'npm-read-token']"))
        s.put('stagingSettings', StepSpecs.key('Map', new HashMap(), "[STG_REMOTE_HOST: '10.0.0.5']"))
        s.put('productionSettings', StepSpecs.key('Map', new HashMap(), "[PROD_REMOTE_HOST: '10.0.0.6']"))
        s.put('platforms', StepSpecs.key('List', new ArrayList(['linux/arm64']), "['linux/arm64']"))
        s.put('buildArgs', StepSpecs.key('Map', new HashMap(), "[NODE_VERSION: '20']"))
        s.put('buildSecrets', StepSpecs.key('Map', new HashMap(), "[npmrc: 'npm-token']"))
        s.put('buildxDriver', StepSpecs.oneOf(StepSpecs.key('String', null, "'docker'"), StepSpecs.BUILDX_DRIVERS))
        s.put('buildNetwork', StepSpecs.key('String', null, "'none'"))
        s.put('imageRepositories', StepSpecs.key('List', null, "['ghcr.io/o/app-api', 'ghcr.io/o/app-web']"))
        s.put('waitForMainMinutes', StepSpecs.key('Integer', 30, '60'))
        s.put('waitPollSeconds', StepSpecs.key('Integer', 30, '10'))
        s.put('approvalSubmitter', StepSpecs.key('String', null, "'release-managers'"))
        s.put('approvalTimeoutMinutes', StepSpecs.key('Integer', 60, '240'))
        s.put('allowDowngrade', StepSpecs.key('Boolean', false, 'true'))
        s.put('migrationsDir', StepSpecs.key('String', MigrationsDir.DEFAULT, "'db/migrations'"))
        s.put('buildsToKeep', StepSpecs.key('Integer', 30, '10'))
        s.put('engine', StepSpecs.key('Map', new HashMap(), "[jdk: 'jdk17']"))
        return s
    }

    /** Which flow a build runs; a tag that is not {@code v*} and any non-main branch only run the gate. */
    @NonCPS
    static String kind(String branchName, String changeId, String tagName, String mainBranch) {
        if (changeId) {
            return PULL_REQUEST
        }
        if (tagName) {
            return tagName ==~ /v\d.*/ ? RELEASE : BRANCH
        }
        return branchName == mainBranch ? MAIN : BRANCH
    }

    /** The stages of a flow, in order, as names the build log and the failure paragraph use. */
    @NonCPS
    static List<String> stages(String kind) {
        switch (kind) {
            case MAIN: return new ArrayList(['CI gate', 'Build images', 'Validate staging', 'Deploy staging'])
            case RELEASE: return new ArrayList(['CI gate', 'Wait for main', 'Promote release', 'Approval', 'Deploy production'])
            default: return new ArrayList(['CI gate'])
        }
    }

    /** Lockable resources are global to the controller: the app's name keeps two apps apart. */
    @NonCPS
    static String lockName(String app, String environment) {
        return "${app}/${environment}".toString()
    }

    /** The app's name: the argument, else the multibranch project's name (JOB_NAME without the branch). */
    @NonCPS
    static String appName(String argument, String jobName) {
        if (argument) {
            return argument
        }
        String job = jobName ?: 'app'
        int slash = job.lastIndexOf('/')
        String project = slash > 0 ? job.substring(0, slash) : job
        return project.substring(project.lastIndexOf('/') + 1)
    }

    @NonCPS
    static String sha12(String commit) {
        if (!(commit ==~ /[0-9a-f]{12,40}/)) {
            return null
        }
        return commit.substring(0, 12)
    }

    /**
     * Release version order: -1, 0, 1 as {@code a} is older, the same, newer than {@code b}.
     * Numbers compare as numbers (v1.10.0 after v1.9.0); a pre-release (v1.0.0-rc.1) comes before
     * its release; a version that cannot be read compares as null.
     */
    @NonCPS
    static Integer compareVersions(String a, String b) {
        List<Object> x = versionParts(a)
        List<Object> y = versionParts(b)
        if (x == null || y == null) {
            return null
        }
        for (int i = 0; i < 3; i++) {
            int c = ((Integer) x[i]) <=> ((Integer) y[i])
            if (c != 0) {
                return c
            }
        }
        String px = (String) x[3]
        String py = (String) y[3]
        if (px == py) {
            return 0
        }
        if (px == null) {
            return 1
        }
        if (py == null) {
            return -1
        }
        return px <=> py
    }

    /** Whether a deploy's build names a release (v1.2.3), so its commit is a tag to compare with. */
    @NonCPS
    static boolean isVersion(String v) {
        return versionParts(v) != null
    }

    @NonCPS
    private static List<Object> versionParts(String v) {
        if (v == null) {
            return null
        }
        java.util.regex.Matcher m = v.trim() =~ /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/
        if (!m.matches()) {
            return null
        }
        List<Object> parts = new ArrayList<Object>()
        for (int i = 1; i <= 3; i++) {
            parts.add(m.group(i) == null ? 0 : Integer.valueOf(m.group(i)))
        }
        parts.add(m.group(4))
        return parts
    }

    /** Why a release must not go out over what production runs, or null when it may. */
    @NonCPS
    static String downgradeProblem(String release, String running, boolean allowDowngrade) {
        Integer c = compareVersions(release, running)
        if (c == null || c >= 0 || allowDowngrade) {
            return null
        }
        return "${release} is older than ${running}, which production runs; release a newer tag, or pass allowDowngrade: true to go back on purpose".toString()
    }

    /** The newest audit entry of a successful deploy over every host of a status report, or null. */
    @NonCPS
    static Map lastGoodDeploy(Map status) {
        Map best = null
        List hosts = status == null ? null : (List) status.get('hosts')
        for (Object h : (hosts ?: [])) {
            for (Object a : (((Map) h).get('audit') ?: [])) {
                Map entry = (Map) a
                if (entry.get('result') == 'ok' && entry.get('kind') in ['deploy', 'rollback']) {
                    if (best == null || String.valueOf(entry.get('time')) > String.valueOf(best.get('time'))) {
                        best = entry
                    }
                }
            }
        }
        return best
    }

    /** Whether some host's audit shows a successful deploy running every one of {@code digests}. */
    @NonCPS
    static boolean deployedOk(Map status, Collection<String> digests) {
        List hosts = status == null ? null : (List) status.get('hosts')
        for (Object h : (hosts ?: [])) {
            for (Object a : (((Map) h).get('audit') ?: [])) {
                Map entry = (Map) a
                if (entry.get('kind') == 'deploy' && entry.get('result') == 'ok' && servicesHoldAll((Map) entry.get('services'), digests)) {
                    return true
                }
            }
        }
        return false
    }

    @NonCPS
    private static boolean servicesHoldAll(Map services, Collection<String> digests) {
        if (services == null || digests.isEmpty()) {
            return false
        }
        Set<String> running = new HashSet<String>()
        for (Object image : services.values()) {
            String s = String.valueOf(image)
            int at = s.indexOf('@')
            running.add(at < 0 ? s : s.substring(at + 1))
        }
        return running.containsAll(digests)
    }

    /** The repositories of a deploy's services (REPO@sha256:... → REPO), sorted. */
    @NonCPS
    static List<String> repositoriesOf(Map auditEntry) {
        return repositoriesOfImages(auditEntry == null ? null : (Map) auditEntry.get('services'))
    }

    /** The repositories of a release's images (service → REPO@digest), sorted. */
    @NonCPS
    static List<String> repositoriesOfImages(Map images) {
        List<String> repos = new ArrayList<String>()
        for (Object image : (images?.values() ?: [])) {
            String s = String.valueOf(image)
            int at = s.indexOf('@')
            String repo = at < 0 ? s : s.substring(0, at)
            if (!repos.contains(repo)) {
                repos.add(repo)
            }
        }
        Collections.sort(repos)
        return repos
    }

    /** Service name for a repository of the image set: the part after the app's prefix (app-api → api). */
    @NonCPS
    static String serviceOf(String repository, Map auditEntry) {
        Map services = auditEntry == null ? null : (Map) auditEntry.get('services')
        for (Object e : (services?.entrySet() ?: [])) {
            Map.Entry entry = (Map.Entry) e
            if (String.valueOf(entry.value).startsWith(repository + '@')) {
                return String.valueOf(entry.key)
            }
        }
        String last = repository.substring(repository.lastIndexOf('/') + 1)
        int dash = last.lastIndexOf('-')
        return dash < 0 ? last : last.substring(dash + 1)
    }

    /** Build arguments that look environment-specific: promoted images would carry staging's value. */
    @NonCPS
    static List<String> environmentSpecificBuildArgs(Map buildArgs) {
        List<String> found = new ArrayList<String>()
        for (Object k : (buildArgs?.keySet() ?: [])) {
            String name = String.valueOf(k)
            boolean hit = false
            for (String p : ENV_SPECIFIC_PREFIXES) {
                hit = hit || name.startsWith(p)
            }
            for (String s : ENV_SPECIFIC_SUFFIXES) {
                hit = hit || name.endsWith(s)
            }
            if (hit) {
                found.add(name)
            }
        }
        Collections.sort(found)
        return found
    }

    @NonCPS
    static String environmentSpecificWarning(List<String> names) {
        if (names.isEmpty()) {
            return null
        }
        return "WARNING: build argument(s) ${names.join(', ')} look environment-specific; the image built for staging is the one production runs, so set such values at run time (env file, runtime config), not at build time".toString()
    }

    /** One paragraph for a failed build: the stage, the engine's message, what to do. */
    @NonCPS
    static String failureParagraph(String stage, String message, String kind) {
        String said = message ?: 'no message'
        return "inventivPipeline failed in stage '${stage}': ${said}. ${advice(stage, said)}".toString()
    }

    @NonCPS
    private static String advice(String stage, String message) {
        if (message.contains('exit 3') || message.contains('lock is held')) {
            return 'Another deploy holds the host lock: wait for it to finish (remoteStatus shows the holder), then rebuild.'
        }
        switch (stage) {
            case 'CI gate': return 'Fix the failed checks (their JUnit report is on the build page) and push again.'
            case 'Build images': return 'Fix the image build (the log above shows the failing Dockerfile step), then rebuild main.'
            case 'Validate staging': return 'Nothing was promoted or deployed: add the missing credentials or settings, then rebuild main.'
            case 'Wait for main': return 'Let the main build of this commit finish and deploy staging, then rebuild the tag; tag only commits that went through main.'
            case 'Approval': return 'Nothing was deployed to production: rebuild the tag to ask again.'
            case 'Deploy staging':
            case 'Deploy production':
                return 'Why it failed: see remoteStatus and remoteLogs; fix, and rebuild.'
            default: return 'See the log above, fix, and rebuild.'
        }
    }

    /** The approver's text: the release, the engine's plan text when it gave one, else the images. */
    @NonCPS
    static String approvalMessage(String app, String tag, Map plan, Map images) {
        StringBuilder b = new StringBuilder("Deploy ${app} ${tag} to production?\n".toString())
        if (plan?.get('hosts')) {
            b.append(planText((List) plan.get('hosts')))
        } else {
            for (Object k : new TreeSet(images.keySet())) {
                b.append("  ${k}: ${images.get(k)}\n".toString())
            }
        }
        return b.toString()
    }

    /** The build's description: what went where (environment, short digests, hosts). */
    @NonCPS
    static String describe(String kind, String ref, List<Map> deployed) {
        // The main branch's build of main reads "main", not "main main".
        StringBuilder b = new StringBuilder(kind == ref ? ref : "${kind} ${ref}".toString())
        for (Map d : deployed) {
            b.append("; ${d.environment}:".toString())
            for (Object k : new TreeSet(((Map) d.images).keySet())) {
                String image = String.valueOf(((Map) d.images).get(k))
                int at = image.indexOf('@sha256:')
                b.append(" ${k}@${at < 0 ? image : image.substring(at + 8, Math.min(image.length(), at + 20))}".toString())
            }
            if (d.hosts) {
                b.append(" on ${((List) d.hosts).join(', ')}".toString())
            }
        }
        return b.toString()
    }

    /** The hosts a deploy report names. */
    @NonCPS
    static List<String> hostsOf(Map report) {
        List<String> hosts = new ArrayList<String>()
        for (Object h : ((List) report?.get('hosts') ?: [])) {
            hosts.add(String.valueOf(((Map) h).get('host')))
        }
        return hosts
    }

    /** remoteUpdate's images Map from a build or promotion report (images: name, image, digest). */
    @NonCPS
    static Map imagesByService(List images) {
        Map result = new HashMap()
        for (Object i : (images ?: [])) {
            Map m = (Map) i
            result.put(String.valueOf(m.get('name')), "${m.get('image')}@${m.get('digest')}".toString())
        }
        return result
    }

    /** promoteByDigest's sources from remoteUpdate's images Map. */
    @NonCPS
    static List<String> sources(Map images) {
        List<String> result = new ArrayList<String>()
        for (Object k : new TreeSet(images.keySet())) {
            result.add(String.valueOf(images.get(k)))
        }
        return result
    }

    /** The images a promotion moved away from (to put a tag back when its deploy failed). */
    @NonCPS
    static List<String> previousSources(Map promoted) {
        List<String> result = new ArrayList<String>()
        for (Object i : ((List) promoted?.get('images') ?: [])) {
            Map m = (Map) i
            if (m.get('previousDigest')) {
                String source = String.valueOf(m.get('source') ?: m.get('target'))
                int at = source.indexOf('@')
                int colon = source.lastIndexOf(':')
                String repo = at > 0 ? source.substring(0, at) : (colon > source.lastIndexOf('/') ? source.substring(0, colon) : source)
                result.add("${repo}@${m.get('previousDigest')}".toString())
            }
        }
        return result
    }

    /** The archived deployment record: flow, ref, commit, result, what went where, the failure. */
    @NonCPS
    static String recordJson(Map run) {
        Map r = new LinkedHashMap()
        for (String k : ['app', 'kind', 'ref', 'commit', 'result', 'stage', 'error', 'approvedBy', 'images', 'deployed']) {
            if (run.get(k) != null) {
                r.put(k, run.get(k))
            }
        }
        return JsonOutput.prettyPrint(JsonOutput.toJson(r)) + '\n'
    }

    /** deploy --plan's hosts as the approver reads them: per host, each service's running and next digest, env keys by name. */
    @NonCPS
    static String planText(List hosts) {
        StringBuilder b = new StringBuilder()
        for (Object o : hosts) {
            Map h = (Map) o
            // A host's first deploy: its plan has no running release, build or images (not the word "null").
            String running = h.runningRelease == null ? 'nothing deployed yet' : "running release ${h.runningRelease} (build ${h.runningBuild})"
            b.append("${h.user}@${h.host}, ${running}\n".toString())
            for (Object so : ((List) h.services ?: [])) {
                Map sv = (Map) so
                b.append("  ${sv.service}: ${shortDigest(sv.running)} -> ${shortDigest(sv.next)} (${sv.change})\n".toString())
            }
            Map e = (Map) h.env
            if (e != null) {
                b.append("  env file: ${e.file}; changed ${e.changed ?: []}, added ${e.added ?: []}, removed ${e.removed ?: []}\n".toString())
            }
            if (h.compose != null) {
                b.append("  compose file: ${h.compose}\n".toString())
            }
        }
        return b.toString()
    }

    /** {@code sha256:<12 hex>} of an image reference (the reference itself when it has no digest). */
    @NonCPS
    static String shortDigest(Object image) {
        if (image == null) {
            return 'nothing'
        }
        String s = String.valueOf(image)
        int at = s.indexOf('@sha256:')
        return at < 0 ? s : s.substring(at + 1, Math.min(s.length(), at + 20))
    }
}
