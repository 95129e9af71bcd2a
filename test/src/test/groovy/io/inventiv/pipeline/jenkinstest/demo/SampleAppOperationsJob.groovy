package io.inventiv.pipeline.jenkinstest.demo

/**
 * The sample app's operations job: examples/Jenkinsfile.operations (the script jenkins.yaml
 * embeds) with the constants an operations job of the sample app sets, as that file's own comment
 * says an app with its own profile files does: its name, image repository and services, the
 * profiles of its repository, and a checkout of main in each node so those profiles are there.
 * Derived, not copied, so the demo always runs the operations script the examples ship.
 */
class SampleAppOperationsJob {

    static String script(String operationsJenkinsfile, String imageRepo) {
        String s = operationsJenkinsfile
        s = once(s, "final String APP = 'inventiv-agents'", "final String APP = '${SampleAppDemo.APP}'")
        s = once(s, ~/final String IMAGE_REPO = '[^']*'/, "final String IMAGE_REPO = '${imageRepo}'")
        s = once(s, ~/final List<String> SERVICES = \[[^\]]*\]/, "final List<String> SERVICES = ['api', 'worker']")
        s = once(s, "profile: 'staging'", "profile: 'deploy/staging.yaml'")
        s = once(s, "profile: 'production'", "profile: 'deploy/production.yaml'")
        String node = 'node(AGENT_LABEL) {'
        if (!s.contains(node)) {
            throw new IllegalStateException("examples/Jenkinsfile.operations has no '${node}' any more; update ${SampleAppOperationsJob.simpleName}")
        }
        return s.replace(node, node + ' checkout(scm);')
    }

    private static String once(String s, Object pattern, String replacement) {
        java.util.regex.Pattern p = pattern instanceof java.util.regex.Pattern ? (java.util.regex.Pattern) pattern
                : java.util.regex.Pattern.compile(java.util.regex.Pattern.quote((String) pattern))
        java.util.regex.Matcher m = p.matcher(s)
        int count = 0
        while (m.find()) {
            count++
        }
        if (count != 1) {
            throw new IllegalStateException("examples/Jenkinsfile.operations: '${p.pattern()}' found ${count} times, not once; " +
                    "update ${SampleAppOperationsJob.simpleName}")
        }
        return p.matcher(s).replaceFirst(java.util.regex.Matcher.quoteReplacement(replacement))
    }
}
