package io.inventiv.pipeline.jenkinstest.examples

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.junit.Test
import org.yaml.snakeyaml.Yaml

import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Matcher

/**
 * examples/jenkins.yaml (Configuration as Code + Job DSL) parses, configures the library as the README
 * says, declares every credential id the examples use (each step's *CredentialsId, every secret
 * variable of the sample app's and the built-in profiles, inventivPipeline's default ids) with
 * production's only in the production folder, and embeds examples/Jenkinsfile.operations unchanged.
 * What needs a real Jenkins (the plugins accepting it) is on the README's first-run checklist.
 */
class JenkinsYamlTest {

    static final Path ROOT = PipelineTestBase.REPO_ROOT
    static final Path JENKINS_YAML = ROOT.resolve('examples/jenkins.yaml')

    static Map casc() {
        return (Map) new Yaml().load(JENKINS_YAML.text)
    }

    static String jobDsl() {
        List jobs = casc().jobs
        assert jobs.size() == 1 && jobs[0].script instanceof String: 'jobs: one Job DSL script'
        return jobs[0].script
    }

    /** The Job DSL text from one call to the next one at the same (top) level. */
    static String jobDslItem(String call) {
        String dsl = jobDsl()
        int start = dsl.indexOf(call)
        assert start >= 0: "jenkins.yaml has no ${call}"
        Matcher next = dsl =~ /(?m)^(folder|multibranchPipelineJob|pipelineJob)\(/
        int end = dsl.length()
        while (next.find()) {
            if (next.start() > start) {
                end = next.start()
                break
            }
        }
        return dsl.substring(start, end)
    }

    static Set<String> systemCredentialIds() {
        Set<String> ids = [] as TreeSet
        for (Map domain in casc().credentials.system.domainCredentials) {
            for (Map credential in domain.credentials) {
                assert credential.size() == 1
                Map body = credential.values().iterator().next()
                ids << body.id
            }
        }
        return ids
    }

    static Set<String> productionFolderCredentialIds() {
        Set<String> ids = [] as TreeSet
        Matcher m = jobDslItem("folder('inventiv-agents/production')") =~ /(?:string|file|ssh)Credential\(list, '([^']+)'/
        while (m.find()) {
            ids << m.group(1)
        }
        return ids
    }

    /** Default credential id of a profile's secret variable, as the steps compute it. */
    static String defaultCredentialId(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '-')
    }

    static Set<String> profileSecretIds() {
        List<Path> profiles = []
        Files.newDirectoryStream(ROOT.resolve('examples/sample-app/deploy'), '*.{yaml,yml}').withCloseable { s -> s.each { profiles << it } }
        Files.newDirectoryStream(ROOT.resolve('engine/src/main/resources/io/inventiv/pipeline/profiles'), '*.{yaml,yml}')
                .withCloseable { s -> s.each { profiles << it } }
        Set<String> ids = [] as TreeSet
        int read = 0
        for (Path profile in profiles) {
            Object doc = new Yaml().load(profile.text)
            if (!(doc instanceof Map) || !(doc.variables instanceof Map)) {
                continue  // docker-compose.yml
            }
            read++
            doc.variables.each { String name, Map variable ->
                if (variable.kind == 'secret') {
                    ids << defaultCredentialId(name)
                }
            }
        }
        assert read >= 3: "expected the sample app's staging profile and the two built-in ones, read ${read}"
        return ids
    }

    static Set<String> jenkinsfileCredentialIds() {
        Set<String> ids = [] as TreeSet
        for (Path file in ExamplesLintTest.exampleJenkinsfiles()) {
            Matcher m = file.text =~ /\b\w*CredentialsId\s*:\s*'([^']+)'/
            while (m.find()) {
                ids << m.group(1)
            }
        }
        Matcher scm = jobDsl() =~ /credentialsId\('([^']+)'\)/
        while (scm.find()) {
            ids << scm.group(1)
        }
        ids << casc().unclassified.globalLibraries.libraries[0].retriever.modernSCM.scm.git.credentialsId
        return ids
    }

    /** inventivPipeline's default ids, when its help lists them (the one-call Jenkinsfile names none). */
    static Set<String> inventivPipelineDefaultIds() {
        Path help = ROOT.resolve('vars/inventivPipeline.txt')
        Set<String> ids = [] as TreeSet
        if (Files.isRegularFile(help)) {
            Matcher m = help.text =~ /(?s)<dt><code>\w*CredentialsId<\/code>(?:(?!<\/dd>).)*?Default:\s*<code>(?:&#x27;|')([^'&]+)(?:&#x27;|')<\/code>/
            while (m.find()) {
                ids << m.group(1)
            }
        }
        return ids
    }

    static boolean isProduction(String id) {
        return id.startsWith('prod-') || id.startsWith('production-')
    }

    @Test
    void parsesAsConfigurationAsCodeWithTheJobsInJobDsl() {
        Map casc = casc()
        assert casc.keySet().containsAll(['jenkins', 'unclassified', 'credentials', 'jobs'])
        // The Job DSL compiles (not run: that needs Jenkins), once JCasC's variables are filled in.
        String dsl = jobDsl().replaceAll(/\$\{base64:\$\{[A-Z0-9_]+\}\}/, 'c2VjcmV0').replaceAll(/\$\{[A-Z0-9_]+(:-[^}]*)?\}/, 'value')
        new GroovyShell().parse(dsl, 'JobDsl.groovy')
        // The operations script compiles too (@Library is Jenkins' annotation: left out here).
        String operations = ROOT.resolve('examples/Jenkinsfile.operations').text.replaceFirst(/@Library\('inventiv-pipeline'\) _/, '')
        new GroovyShell().parse(operations, 'Operations.groovy')
    }

    @Test
    void everyDollarBraceIsAJcascVariableSoNoGroovyOrShellInterpolationIsSubstitutedAway() {
        Matcher m = JENKINS_YAML.text =~ /\$\{/
        int count = 0
        String text = JENKINS_YAML.text
        while (m.find()) {
            String rest = text.substring(m.start())
            assert rest =~ /^\$\{(base64:\$\{[A-Z][A-Z0-9_]*\}|[A-Z][A-Z0-9_]*(:-[^}$]*)?)\}/: "not a JCasC variable: ${rest.take(60)}"
            count++
        }
        assert count > 20
    }

    @Test
    void theLibraryIsTrustedPinnedToATagWithOverrideAndImplicitLoadOff() {
        List libraries = casc().unclassified.globalLibraries.libraries
        assert libraries.size() == 1
        Map library = libraries[0]
        assert library.name == 'inventiv-pipeline'
        assert library.allowVersionOverride == false
        assert library.implicit == false
        assert library.defaultVersion =~ /^\$\{INVENTIV_PIPELINE_VERSION:-v\d+\.\d+\.\d+\}$/
        assert library.retriever.modernSCM.scm.git.remote
    }

    @Test
    void secretsArePlaceholdersNeverValues() {
        for (Map domain in casc().credentials.system.domainCredentials) {
            for (Map credential in domain.credentials) {
                String kind = credential.keySet().iterator().next()
                Map body = credential[kind]
                List<String> secretValues = [body.password, body.secret, body.secretBytes, body.privateKeySource?.directEntry?.privateKey]
                        .findAll { it != null }
                assert !secretValues.isEmpty(): "${body.id}: no secret field"
                for (String value in secretValues) {
                    assert value =~ /^\$\{(base64:\$\{[A-Z][A-Z0-9_]*\}|[A-Z][A-Z0-9_]*)\}$/: "${body.id}: ${kind} holds a value, not a variable"
                }
            }
        }
        Matcher folder = jobDslItem("folder('inventiv-agents/production')") =~ /Credential\(list, '[^']+',[^)]*'([^']*)'\)/
        int folderSecrets = 0
        while (folder.find()) {
            assert folder.group(1) =~ /^\$\{base64:\$\{[A-Z][A-Z0-9_]*\}\}$/
            folderSecrets++
        }
        assert folderSecrets == productionFolderCredentialIds().size()
    }

    @Test
    void declaresEveryCredentialIdTheExamplesUseAndProductionOnlyInItsFolder() {
        Set<String> system = systemCredentialIds()
        Set<String> folder = productionFolderCredentialIds()
        Set<String> used = [] as TreeSet
        used.addAll(jenkinsfileCredentialIds())
        used.addAll(profileSecretIds())
        used.addAll(inventivPipelineDefaultIds())
        // The scan found what the examples really use (a regex that matched nothing would pass anything).
        assert used.containsAll(['ghcr-push', 'ghcr-pull', 'staging-ssh', 'production-ssh', 'github-scan',
                                 'stg-postgres-password', 'prod-postgres-password', 'demo-api-token'])
        Set<String> missing = used.findAll { !(it in system) && !(it in folder) } as TreeSet
        assert missing.isEmpty(): "examples/jenkins.yaml does not declare ${missing}"
        assert folder.every { isProduction(it) }: "not production credentials in the production folder: ${folder}"
        Set<String> productionInSystem = system.findAll { isProduction(it) } as TreeSet
        assert productionInSystem.isEmpty(): "production credentials any job could bind: ${productionInSystem}"
        assert used.findAll { isProduction(it) }.every { it in folder }
    }

    @Test
    void theOperationsJobRunsExactlyExamplesJenkinsfileOperationsInTheProductionFolder() {
        String item = jobDslItem("pipelineJob('inventiv-agents/production/operations')")
        int start = item.indexOf("script('''\\\n")
        int end = item.indexOf("''')", start)
        assert start >= 0 && end > start
        String embedded = item.substring(start + "script('''\\\n".length(), end)
        assert embedded == ROOT.resolve('examples/Jenkinsfile.operations').text
        assert item.contains('sandbox(true)')
        assert item =~ /group \{\s*name\('inventiv-operators'\)\s*permissions\(\['Job\/Read', 'Job\/Build', 'Job\/Cancel'\]\)/
        String operations = embedded
        for (String step in ['remoteUpdate(', 'remoteRollback(', 'remoteStatus(', 'remoteLogs(', 'promoteByDigest(']) {
            assert operations.contains(step)
        }
        // Production actions wait for the approvers, outside any node.
        assert operations.count("input(") == 2
        assert operations.count("submitter: APPROVERS") == 2
    }

    @Test
    void branchesPullRequestsAndTagsAreEachDiscoveredAndBuiltTagsOnlyWhereProductionIs() {
        String ci = jobDslItem("multibranchPipelineJob('inventiv-agents/ci')")
        assert ci.contains('gitHubBranchDiscovery') && ci.contains('gitHubPullRequestDiscovery')
        assert !ci.contains('gitHubTagDiscovery')
        // Any strategy replaces the default, so branches and pull requests are both named.
        assert ci.contains('buildRegularBranches()') && ci.contains('buildChangeRequests')
        String release = jobDslItem("multibranchPipelineJob('inventiv-agents/production/release')")
        assert release.contains('gitHubTagDiscovery()') && !release.contains('gitHubBranchDiscovery')
        assert release =~ /buildTags \{\s*atLeastDays\('-1'\)\s*atMostDays\('\d+'\)/
        assert release =~ /includes\('v\*'\)/
        String production = jobDslItem("folder('inventiv-agents/production')")
        assert production.contains('nonInheriting()')
        assert !(production =~ /Job\/Configure|Run\/Replay/)
    }
}
