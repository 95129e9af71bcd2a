package io.inventiv.pipeline.jenkinstest.harness

import java.nio.file.Files
import java.nio.file.Path

/**
 * The credentials a test's Jenkins holds, and the bindings of credentials-binding's
 * {@code withCredentials}: variables for the body, files deleted afterwards, bindings resolved in
 * order so the first unknown id stops the step as Jenkins' does.
 */
class JenkinsStandInCredentials {
    private final Map<String, Map<String, String>> store = [:]

    void usernamePassword(String id, String username, String password) {
        store[id] = [kind: 'usernamePassword', username: username, password: password]
    }

    void secretText(String id, String secret) {
        store[id] = [kind: 'string', secret: secret]
    }

    void secretFile(String id, String fileName, String content) {
        store[id] = [kind: 'file', fileName: fileName, content: content]
    }

    void sshUserPrivateKey(String id, String username, String privateKey, String passphrase = null) {
        store[id] = [kind: 'sshUserPrivateKey', username: username, privateKey: privateKey, passphrase: passphrase]
    }

    /** Ids whose lookup aborts the build, as a user pressing abort while the step runs. */
    final Set<String> abortOnLookup = [] as Set

    private static final Map<String, String> KIND_NAMES = [
            usernamePassword : 'Username with password',
            string           : 'Secret text',
            file             : 'Secret file',
            sshUserPrivateKey: 'SSH Username with private key',
    ]

    Map<String, String> lookup(String id, String kind) {
        if (id in abortOnLookup) {
            throw new org.jenkinsci.plugins.workflow.steps.FlowInterruptedException('aborted by user')
        }
        Map<String, String> c = store[id]
        if (c == null) {
            throw new JenkinsStandInCredentialNotFoundException("Could not find credentials entry with ID '${id}'")
        }
        if (c.kind != kind) {
            throw new JenkinsStandInCredentialNotFoundException(
                    "Credentials '${id}' is of type '${KIND_NAMES[c.kind]}' where '${KIND_NAMES[kind]}' was expected")
        }
        return c
    }

    /** The variables one binding gives its body; files it writes go under {@code secretDir}. */
    Map<String, String> bind(Map binding, Path secretDir, JenkinsStandInAgent agent) {
        String kind = binding['$class']
        Map<String, String> c = lookup((String) binding.credentialsId, kind)
        Map<String, String> vars = [:]
        switch (kind) {
            case 'usernamePassword':
                vars[(String) binding.usernameVariable] = c.username
                vars[(String) binding.passwordVariable] = c.password
                agent.secretsBound.add(c.password)
                break
            case 'string':
                vars[(String) binding.variable] = c.secret
                agent.secretsBound.add(c.secret)
                break
            case 'file':
                Path f = Files.createTempDirectory(secretDir, 'file').resolve(c.fileName)
                JenkinsStandInAgent.writePrivate(f, c.content)
                vars[(String) binding.variable] = f.toString()
                agent.secretsBound.add(c.content.strip())
                break
            case 'sshUserPrivateKey':
                Path k = Files.createTempDirectory(secretDir, 'key').resolve('key')
                JenkinsStandInAgent.writePrivate(k, c.privateKey)
                vars[(String) binding.keyFileVariable] = k.toString()
                if (binding.usernameVariable) {
                    vars[(String) binding.usernameVariable] = c.username
                }
                if (binding.passphraseVariable) {
                    vars[(String) binding.passphraseVariable] = c.passphrase ?: ''
                }
                agent.secretsBound.add(c.privateKey.strip())
                break
            default:
                throw new AssertionError((Object) "unknown binding ${binding}")
        }
        return vars
    }
}
