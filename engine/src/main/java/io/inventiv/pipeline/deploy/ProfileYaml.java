package io.inventiv.pipeline.deploy;

import java.util.LinkedHashMap;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The profile file as written (YAML), before its checks; {@link ProfileLoader} turns it into an {@link EnvProfile}. */
record ProfileYaml(
        String name,
        LinkedHashMap<String, Variable> variables,
        Ssh ssh,
        Remote remote,
        LinkedHashMap<String, Service> release,
        Hooks hooks,
        String rollback,
        Integer keepReleases,
        LinkedHashMap<String, String> timeouts,
        Bootstrap bootstrap) {

    record Variable(String kind, String format, Boolean required, @JsonProperty("default") String defaultValue,
                    String composeKey) {
    }

    record Ssh(List<String> hosts, String port, String user, List<String> userCandidates, String hostKey) {
    }

    record Remote(String dir, String secretsDir, String composeFile) {
    }

    record Service(String image, String envKey) {
    }

    record Hooks(String preDeploy, String cert, String healthCheck) {
    }

    record Bootstrap(List<String> packages) {
    }
}
