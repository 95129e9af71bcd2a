package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** Which Jenkins credential holds which engine variable. */
class CredentialIds implements Serializable {

    /** A secret variable's credential id by default: the name lower-cased, '_' as '-' (STG_POSTGRES_PASSWORD -> stg-postgres-password). */
    @NonCPS
    static String forSecretVariable(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-')
    }

    /** Secret variable name to credential id: the defaults, overridden by {@code overrides}. */
    @NonCPS
    static Map<String, String> forSecretVariables(List<String> names, Map overrides) {
        Map<String, String> ids = new HashMap<String, String>()
        for (String name : names) {
            Object id = overrides == null ? null : overrides.get(name)
            ids.put(name, id == null ? forSecretVariable(name) : id.toString())
        }
        return ids
    }

    /**
     * The INVENTIV_SECRET_VARS value for an engine call: the names already in the environment
     * (an outer step's), then this call's own, each once.
     */
    @NonCPS
    static String secretVarsList(String inherited, List<String> own) {
        Set<String> names = new LinkedHashSet<String>()
        for (String name : (inherited ?: '').split(',')) {
            if (!name.trim().isEmpty()) {
                names.add(name.trim())
            }
        }
        names.addAll(own)
        return names.join(',')
    }
}
