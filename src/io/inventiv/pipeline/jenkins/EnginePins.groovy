package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The engine this library version runs: resources/io/inventiv/pipeline/engine.properties
 * (version, sha256, download URL template), which scripts/release rewrites.
 */
class EnginePins implements Serializable {

    /** version, sha256 (empty before a release) and url, as Strings. */
    @NonCPS
    static Map parse(String propertiesText) {
        Properties p = new Properties()
        p.load(new StringReader(propertiesText))
        Map pins = new HashMap()
        for (String key : ['version', 'sha256', 'url']) {
            pins.put(key, p.getProperty(key, '').trim())
        }
        return pins
    }

    /** The variables engine-resolve.sh reads, for withEnv. */
    @NonCPS
    static List resolverEnv(Map pins, Map args, String jdkHome, String launcherSource, String resolver) {
        List env = new ArrayList()
        env.add('INVENTIV_PIN_VERSION=' + pins.version)
        env.add('INVENTIV_PIN_SHA256=' + pins.sha256)
        env.add('INVENTIV_PIN_URL=' + pins.url)
        env.add('INVENTIV_URL_ARG=' + (args.url == null ? '' : args.url.toString()))
        env.add('INVENTIV_CACHE_ARG=' + (args.cacheDir == null ? '' : args.cacheDir.toString()))
        env.add('INVENTIV_JDK_HOME=' + (jdkHome == null ? '' : jdkHome))
        env.add('INVENTIV_LAUNCHER_SRC=' + launcherSource)
        env.add('INVENTIV_RESOLVE_SCRIPT=' + resolver)
        return env
    }
}
