package io.inventiv.pipeline.jenkinstest.harness

/** Stand-in for hudson.AbortException: what Jenkins' {@code error} and a failed {@code sh} throw. */
class JenkinsStandInAbortException extends IOException {
    JenkinsStandInAbortException(String message) {
        super(message)
    }
}
