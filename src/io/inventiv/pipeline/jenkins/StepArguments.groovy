package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Checks a step's named arguments against its specification (one of {@link StepSpecs}) and
 * fills in defaults. Returns values, calls no step: the step turns a problem into {@code error}.
 */
class StepArguments implements Serializable {

    /** The first problem with {@code args}, as one line naming the key and the fix, or null. */
    @NonCPS
    static String problem(String step, Map<String, Map> spec, Map args) {
        if (args == null) {
            return null
        }
        for (Object key : args.keySet()) {
            if (!spec.containsKey(key)) {
                return "${step}: unknown argument '${key}'; valid arguments: ${validKeys(spec)}".toString()
            }
        }
        for (Map.Entry<String, Map> e : spec.entrySet()) {
            Object value = args.get(e.key)
            String wanted = (String) e.value.type
            if (value == null) {
                if (e.value.required == true) {
                    return "${step}: argument '${e.key}' (${wanted}) is required; e.g. ${e.key}: ${e.value.example}".toString()
                }
                continue
            }
            if (!hasType(value, wanted)) {
                return "${step}: argument '${e.key}' must be a ${wanted}, not ${typeName(value)}; e.g. ${e.key}: ${e.value.example}".toString()
            }
            List oneOf = (List) e.value.get('oneOf')
            if (oneOf != null && !oneOf.contains(value.toString())) {
                return "${step}: argument '${e.key}' must be one of ${oneOf.join(', ')}, not '${value}'".toString()
            }
            String shape = shapeProblem(value)
            if (shape != null) {
                return "${step}: argument '${e.key}' ${shape}".toString()
            }
        }
        return null
    }

    /** The arguments with every default filled in, as a plain HashMap (Strings, not GStrings). */
    @NonCPS
    static Map withDefaults(Map<String, Map> spec, Map args) {
        Map result = new HashMap()
        for (Map.Entry<String, Map> e : spec.entrySet()) {
            Object value = args == null ? null : args.get(e.key)
            result.put(e.key, PlainData.copy(value == null ? e.value.get('default') : value))
        }
        return result
    }

    @NonCPS
    static String validKeys(Map<String, Map> spec) {
        List<String> keys = new ArrayList<String>(spec.keySet())
        Collections.sort(keys)
        return keys.join(', ')
    }

    @NonCPS
    private static boolean hasType(Object value, String wanted) {
        switch (wanted) {
            case 'String': return value instanceof CharSequence
            case 'Boolean': return value instanceof Boolean
            case 'Integer': return value instanceof Integer || value instanceof Long
            case 'Map': return value instanceof Map
            case 'List': return value instanceof List
            case 'String or List': return value instanceof CharSequence || value instanceof List
            default: throw new IllegalStateException("unknown argument type ${wanted}")
        }
    }

    /** Strings reach the engine as single arguments: no line breaks, no blanks. */
    @NonCPS
    private static String shapeProblem(Object value) {
        if (value instanceof CharSequence) {
            String s = value.toString()
            if (s.trim().isEmpty()) {
                return 'is empty'
            }
            if (s.contains('\n') || s.contains('\r')) {
                return 'must be one line'
            }
        }
        if (value instanceof List) {
            for (Object item : (List) value) {
                if (!(item instanceof CharSequence)) {
                    return "must hold Strings, not ${typeName(item)}".toString()
                }
                String s = item.toString()
                if (s.trim().isEmpty() || s.contains('\n') || s.contains('\r')) {
                    return 'must hold non-empty one-line Strings'
                }
            }
        }
        if (value instanceof Map) {
            for (Map.Entry e : ((Map) value).entrySet()) {
                if (!(e.key instanceof CharSequence) || !(e.value instanceof CharSequence)) {
                    return 'must map Strings to Strings'
                }
                String s = e.key.toString() + e.value.toString()
                if (s.contains('\n') || s.contains('\r')) {
                    return 'must hold one-line Strings'
                }
            }
        }
        return null
    }

    @NonCPS
    private static String typeName(Object value) {
        if (value instanceof CharSequence) {
            return 'String'
        }
        return value == null ? 'null' : value.getClass().simpleName
    }
}
