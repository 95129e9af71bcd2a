package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Where the tag flow's check-migrations starts: the commit production runs, read from the
 * {@code org.opencontainers.image.revision} label of production's {@code :prod} images (the
 * engine's {@code digest --labels --allow-missing} of each), decided as a value. Calls no step.
 */
class ProductionRevision implements Serializable {
    static final String LABEL = 'org.opencontainers.image.revision'
    private static final String COMMIT_ID = /[0-9a-f]{7,64}/

    /** REPO:prod. */
    @NonCPS
    static String prodReference(String repository) {
        return "${repository}:prod".toString()
    }

    /**
     * From each {@code :prod}'s digest report ({@code reference}, {@code digest}, {@code revision}):
     * {@code [since: REV, note: …]} to check from, {@code [skip: why]} when there is nothing to
     * check against, or {@code [problem: why]} to stop the release. {@code auditBuild} is the
     * build production's audit names, the fallback when the images carry no revision label.
     */
    @NonCPS
    static Map since(List<Map> reports, String auditBuild) {
        List<String> absent = new ArrayList<String>()
        Map<String, List<String>> byRevision = new LinkedHashMap<String, List<String>>()
        for (Map r : reports) {
            String ref = String.valueOf(r.get('reference'))
            if (r.get('digest') == null) {
                absent.add(ref)
                continue
            }
            String revision = (String) r.get('revision')
            String key = revision == null ? 'none' : revision
            if (!byRevision.containsKey(key)) {
                byRevision.put(key, new ArrayList<String>())
            }
            byRevision.get(key).add(ref)
        }
        if (byRevision.isEmpty()) {
            return [skip: ("inventivPipeline: no :prod image exists yet (${absent.join(', ')}): this is the first release, " +
                    'so no migration was applied by one and check-migrations --since is skipped').toString()]
        }
        String absentNote = absent.isEmpty() ? '' : "; ${absent.join(', ')} not in production yet (new in this release)"
        if (byRevision.size() > 1) {
            List<String> each = new ArrayList<String>()
            for (Map.Entry<String, List<String>> e : byRevision.entrySet()) {
                each.add("${e.value.join(', ')}: ${e.key}".toString())
            }
            return [problem: ("the :prod images disagree on the commit production runs (${LABEL}): ${each.join('; ')}; " +
                    'a release is built from one commit: point every :prod at one release\'s images (promoteByDigest) before releasing').toString()]
        }
        String revision = byRevision.keySet().iterator().next()
        String images = byRevision.get(revision).join(', ')
        if (revision == 'none') {
            if (PipelineFlow.isVersion(auditBuild)) {
                return [since: auditBuild, note: ("inventivPipeline: ${images} carry no ${LABEL} label: check-migrations --since ${auditBuild}, " +
                        "the release production's audit names${absentNote}").toString()]
            }
            return [skip: ("WARNING: inventivPipeline: check-migrations skipped: ${images} carry no ${LABEL} label and production's audit names " +
                    "no version tag to start from (${auditBuild ?: 'no successful deploy'}), so an edited migration production already applied " +
                    'would not be caught; release images built by the engine (build writes the label)').toString()]
        }
        if (!(revision ==~ COMMIT_ID)) {
            return [problem: "the :prod images' ${LABEL} label '${revision}' (${images}) is not a commit id; rebuild them with the engine's build".toString()]
        }
        return [since: revision, note: ("inventivPipeline: production runs commit ${revision} (${LABEL} of ${images}): " +
                "check-migrations --since ${revision}${absentNote}").toString()]
    }

    /** Why check-migrations cannot start from a commit the checkout lacks, and the fix. */
    @NonCPS
    static String missingCommit(String since) {
        return ("production runs ${since}, which this checkout does not have, so check-migrations cannot compare the migrations " +
                "production applied: the tag's checkout is shallow or lacks that history. Turn off 'Shallow clone' in the job's " +
                "checkout behaviours (Advanced clone behaviours), or fetch it (git fetch --unshallow), then rebuild the tag").toString()
    }
}
