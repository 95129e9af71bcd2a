package io.inventiv.pipeline.jenkinstest.harness

/**
 * Stand-in for the {@code env} global (workflow-cps' EnvActionImpl): reading a name gives the
 * value a {@code sh} would see here (withEnv and withCredentials included), assigning sets a build
 * variable. Serializable as Jenkins' is; the link to the agent is not part of the program state.
 */
class JenkinsStandInEnv extends GroovyObjectSupport implements Serializable {
    private static final long serialVersionUID = 1L
    private transient JenkinsStandInAgent agent

    JenkinsStandInEnv(JenkinsStandInAgent agent) {
        this.agent = agent
    }

    @Override
    Object getProperty(String name) {
        return agent.effectiveEnv().get(name)
    }

    @Override
    void setProperty(String name, Object value) {
        agent.buildEnv.put(name, value == null ? null : value.toString())
    }
}
