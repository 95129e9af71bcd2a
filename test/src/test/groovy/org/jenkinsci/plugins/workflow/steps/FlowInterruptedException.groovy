package org.jenkinsci.plugins.workflow.steps

/**
 * Test stand-in with the exact name of workflow-step-api's exception for an aborted build (that
 * artifact is not on Maven Central). The library matches aborts by this class name, so tests
 * throw this one to prove an abort passes through every catch.
 */
class FlowInterruptedException extends InterruptedException {
    FlowInterruptedException(String message) {
        super(message)
    }
}
