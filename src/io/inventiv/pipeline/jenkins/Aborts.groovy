package io.inventiv.pipeline.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** An aborted build must stay aborted: every catch in the library rethrows what this recognizes. */
class Aborts implements Serializable {

    /** workflow-step-api's class, matched by name: the library compiles without Jenkins' jars. */
    private static final String FLOW_INTERRUPTED = 'org.jenkinsci.plugins.workflow.steps.FlowInterruptedException'

    @NonCPS
    static boolean isAbort(Throwable t) {
        return t instanceof InterruptedException || t.getClass().getName() == FLOW_INTERRUPTED
    }
}
