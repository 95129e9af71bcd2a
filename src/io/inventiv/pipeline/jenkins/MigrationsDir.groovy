package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * inventivPipeline's {@code migrationsDir}: the directory the tag flow's check-migrations reads,
 * relative to the checkout. Whether its value is usable, and what a checkout without it means:
 * an app with no migrations (the default named nothing on purpose) or a wrong argument. Calls no step.
 */
class MigrationsDir implements Serializable {
    static final String DEFAULT = 'sqlx-migrations'

    /** Why the value cannot name a directory of the checkout (absolute, or climbing out of it with ..), or null. */
    @NonCPS
    static String problem(String dir) {
        if (dir == null) {
            return null
        }
        boolean absolute = dir.startsWith('/') || dir.startsWith('\\') || dir ==~ /^[A-Za-z]:.*/
        boolean climbs = false
        for (String part : dir.split(/[\/\\]/)) {
            climbs = climbs || part == '..'
        }
        if (absolute || climbs) {
            return ("inventivPipeline: argument 'migrationsDir' must be a path inside the checkout, relative to its root and without '..', " +
                    "not '${dir}'; e.g. migrationsDir: 'db/migrations'").toString()
        }
        return null
    }

    /**
     * The checkout has no {@code dir}: {@code [skip: why]} when the argument was left at its default
     * (an app without migrations), {@code [problem: why and the fix]} when it was given on purpose.
     */
    @NonCPS
    static Map absent(String dir, boolean given) {
        if (given) {
            return [problem: ("argument 'migrationsDir' names ${dir}, which the tag's checkout does not have; give the app's migrations " +
                    'directory relative to the repository root, or leave migrationsDir out for an app without migrations').toString()]
        }
        return [skip: ("inventivPipeline: check-migrations skipped: the tag's checkout has no ${dir} (migrationsDir's default), so the app " +
                "has no migrations to check; an app whose migrations live elsewhere names them with migrationsDir: 'db/migrations'").toString()]
    }
}
