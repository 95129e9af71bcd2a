package io.inventiv.pipeline.jenkinstest.harness

/** Stand-in for credentials-binding's CredentialNotFoundException (an AbortException there too). */
class JenkinsStandInCredentialNotFoundException extends JenkinsStandInAbortException {
    JenkinsStandInCredentialNotFoundException(String message) {
        super(message)
    }
}
