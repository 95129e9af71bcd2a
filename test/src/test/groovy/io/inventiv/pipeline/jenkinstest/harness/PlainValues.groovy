package io.inventiv.pipeline.jenkinstest.harness

/** What a step may hand back to a Jenkinsfile: values Jenkins persists without surprises. */
final class PlainValues {
    private PlainValues() {
    }

    /** Null when {@code value} is null or plain all the way down, else a path and class naming the first offender. */
    static String firstNonPlain(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return null
        }
        if (value instanceof Number) {
            boolean plain = value instanceof Integer || value instanceof Long || value instanceof BigDecimal ||
                    value instanceof BigInteger || value instanceof Double
            return plain ? null : "${path}: ${value.getClass().name}"
        }
        if (value instanceof HashMap) {
            for (Map.Entry e : ((Map) value).entrySet()) {
                if (!(e.key instanceof String)) {
                    return "${path} has a key of ${e.key?.getClass()?.name}"
                }
                String bad = firstNonPlain(e.value, "${path}.${e.key}")
                if (bad != null) {
                    return bad
                }
            }
            return null
        }
        if (value instanceof ArrayList) {
            List list = (List) value
            for (int i = 0; i < list.size(); i++) {
                String bad = firstNonPlain(list.get(i), "${path}[${i}]")
                if (bad != null) {
                    return bad
                }
            }
            return null
        }
        return "${path}: ${value.getClass().name}"
    }
}
