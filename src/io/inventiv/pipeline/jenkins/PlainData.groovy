package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * Values a pipeline may hold across steps: Jenkins persists the program between steps, so
 * parsed JSON and arguments become plain HashMap, ArrayList, String, Number and Boolean.
 */
class PlainData implements Serializable {

    /** Parses JSON into plain data; null for blank text, IllegalArgumentException when malformed. */
    @NonCPS
    static Object parseJson(String text) {
        if (text == null || text.trim().isEmpty()) {
            return null
        }
        try {
            return copy(new JsonSlurperClassic().parseText(text))
        } catch (groovy.json.JsonException e) {
            throw new IllegalArgumentException("not JSON: ${e.message}".toString())
        }
    }

    /** A deep copy as HashMap/ArrayList with String keys and String (never GString) values. */
    @NonCPS
    static Object copy(Object value) {
        if (value instanceof Map) {
            Map result = new HashMap()
            for (Map.Entry e : ((Map) value).entrySet()) {
                result.put(String.valueOf(e.key), copy(e.value))
            }
            return result
        }
        if (value instanceof Collection) {
            List result = new ArrayList()
            for (Object item : (Collection) value) {
                result.add(copy(item))
            }
            return result
        }
        if (value instanceof CharSequence) {
            return value.toString()
        }
        return value
    }
}
