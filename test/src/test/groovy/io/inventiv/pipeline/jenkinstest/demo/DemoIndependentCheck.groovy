package io.inventiv.pipeline.jenkinstest.demo

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * What the registry and the hosts hold, read without the engine or the library: the registry's
 * HTTP API (the digest computed here from the manifest bytes it serves) and {@code docker inspect}
 * of the containers a host's compose project runs on the test dockerd.
 */
class DemoIndependentCheck {
    static final String MANIFEST_TYPES = 'application/vnd.oci.image.index.v1+json, ' +
            'application/vnd.docker.distribution.manifest.list.v2+json, ' +
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

    final DemoServices services

    DemoIndependentCheck(DemoServices services) {
        this.services = services
    }

    /** sha256 of the manifest the registry serves for REPOSITORY:TAG, or null when there is none. */
    String registryDigest(String repository, String tag) {
        String host = services.registry.host()
        assert repository.startsWith(host + '/'): "${repository} is not in the demo registry"
        String name = repository.substring(host.length() + 1)
        HttpURLConnection c = (HttpURLConnection) new URL("${services.registry.baseUrl()}/v2/${name}/manifests/${tag}").openConnection()
        c.setRequestProperty('Accept', MANIFEST_TYPES)
        if (c.responseCode == 404) {
            return null
        }
        return 'sha256:' + MessageDigest.getInstance('SHA-256').digest(c.inputStream.bytes).encodeHex().toString()
    }

    /** Service to the image reference its running container was created from, in a compose project. */
    Map<String, String> runningImages(Path remoteDir) {
        String project = DemoServices.composeProject(remoteDir)
        Map<String, String> images = [:]
        String ids = services.docker('ps', '-q', '--filter', "label=com.docker.compose.project=${project}")
        for (String id : ids.readLines().findAll { it.trim() }) {
            String line = services.docker('inspect', '-f',
                    '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{.Config.Image}}', id).trim()
            List<String> f = line.split(' ') as List
            if (f[1] == 'running') {
                images[f[0]] = f[2]
            }
        }
        return images
    }

    /** The environment of a service's running container, as docker holds it. */
    List<String> containerEnv(Path remoteDir, String service) {
        String project = DemoServices.composeProject(remoteDir)
        String id = services.docker('ps', '-q', '--filter', "label=com.docker.compose.project=${project}",
                '--filter', "label=com.docker.compose.service=${service}").trim()
        assert id ==~ /[0-9a-f]+/: "one running ${service} container in ${project}"
        return services.docker('inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', id).readLines()
    }

    /** Every file under {@code dir} (logs, descriptions, records, engine JSON) that contains {@code secret}. */
    static List<Path> filesContaining(Path dir, String secret) {
        List<Path> hits = []
        dir.toFile().eachFileRecurse { File f ->
            if (f.isFile() && !Files.isSymbolicLink(f.toPath()) && new String(f.bytes, 'ISO-8859-1').contains(secret)) {
                hits.add(f.toPath())
            }
        }
        return hits
    }
}
