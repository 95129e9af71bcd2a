package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * What {@code validate-env --json} says about a profile's variables: which are secrets (bound
 * from credentials) and what is missing or malformed, summed up in one Map and one line.
 */
class ProfileVariables implements Serializable {

    /** Names of the profile's {@code secret} variables, in profile order. */
    @NonCPS
    static List<String> secretNames(Map report) {
        List<String> names = new ArrayList<String>()
        Object variables = report == null ? null : report.get('variables')
        if (variables instanceof List) {
            for (Object v : (List) variables) {
                if (v instanceof Map && ((Map) v).get('kind') == 'secret') {
                    names.add(((Map) v).get('name').toString())
                }
            }
        }
        return names
    }

    /** Settings given as arguments, as withEnv entries in name order. */
    @NonCPS
    static List<String> settingsEnv(Map settings) {
        List<String> names = new ArrayList<String>()
        for (Object k : settings.keySet()) {
            names.add(k.toString())
        }
        Collections.sort(names)
        List<String> env = new ArrayList<String>()
        for (String name : names) {
            env.add(name + '=' + settings.get(name))
        }
        return env
    }

    /**
     * validateSecrets' result: {@code ok}, {@code missing} (variables and settings the engine
     * found missing), {@code missingCredentials} (ids Jenkins does not hold), {@code invalid}
     * ({@code name}, {@code problem}) and the profile's {@code variables}.
     */
    @NonCPS
    static Map summary(Map report, List<String> missingCredentials) {
        Map result = new HashMap()
        List missing = report.get('missing') instanceof List ? new ArrayList((List) report.get('missing')) : new ArrayList()
        List invalid = report.get('invalid') instanceof List ? new ArrayList((List) report.get('invalid')) : new ArrayList()
        result.put('profile', report.get('profile'))
        result.put('missing', missing)
        result.put('missingCredentials', new ArrayList(missingCredentials))
        result.put('invalid', invalid)
        result.put('variables', report.get('variables') instanceof List ? report.get('variables') : new ArrayList())
        result.put('ok', missing.isEmpty() && invalid.isEmpty() && missingCredentials.isEmpty() && report.get('exitCode') == null)
        if (report.get('exitCode') != null && missing.isEmpty() && invalid.isEmpty()) {
            result.put('error', report.get('error'))
        }
        return result
    }

    /** Everything wrong at once, in one line: ids to create, settings to set, values to fix. */
    @NonCPS
    static String problems(Map summary) {
        List<String> parts = new ArrayList<String>()
        List ids = (List) summary.get('missingCredentials')
        if (!ids.isEmpty()) {
            parts.add('create the credentials ' + ids.join(', '))
        }
        List missing = (List) summary.get('missing')
        if (!missing.isEmpty()) {
            parts.add('missing ' + missing.join(', '))
        }
        List invalid = (List) summary.get('invalid')
        if (!invalid.isEmpty()) {
            List<String> lines = new ArrayList<String>()
            for (Object i : invalid) {
                Map m = (Map) i
                lines.add("${m.get('name')} (${m.get('problem')})".toString())
            }
            parts.add('invalid ' + lines.join(', '))
        }
        if (summary.get('error') != null) {
            parts.add(summary.get('error').toString())
        }
        return parts.join('; ')
    }
}
