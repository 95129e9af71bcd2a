package io.inventiv.pipeline.jenkinstest.demo

/**
 * The sample app's operations job: examples/Jenkinsfile.operations (the script jenkins.yaml
 * embeds) with the constants an operations job of the sample app sets, as that file's comments
 * say an app whose profiles are files of its repository does: its name, image repository and
 * services, the profiles' paths, and APP_REPOSITORY (the app repository's main, which every node
 * then checks out with the git step). Derived, not copied, so the demo runs the script the
 * examples ship.
 */
class SampleAppOperationsJob {

    static String script(String operationsJenkinsfile, String imageRepo, String appRepository) {
        String s = operationsJenkinsfile
        s = once(s, "final String APP = 'inventiv-agents'", "final String APP = '${SampleAppDemo.APP}'")
        s = once(s, ~/final String IMAGE_REPO = '[^']*'/, "final String IMAGE_REPO = '${imageRepo}'")
        s = once(s, ~/final List<String> SERVICES = \[[^\]]*\]/, "final List<String> SERVICES = ['api', 'worker']")
        s = once(s, "profile: 'staging'", "profile: 'deploy/staging.yaml'")
        s = once(s, "profile: 'production'", "profile: 'deploy/production.yaml'")
        return once(s, 'final Map<String, String> APP_REPOSITORY = [:]',
                "final Map<String, String> APP_REPOSITORY = [url: '${appRepository}', branch: 'main']")
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
