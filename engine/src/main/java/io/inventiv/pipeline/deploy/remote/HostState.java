package io.inventiv.pipeline.deploy.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one host has now, as plan.sh reported it. Env values appear only as salted hashes
 * ({@link ValueHashes}); a map is null when the host has no such file (or, {@code envUnreadable},
 * cannot read it). Each field is checked
 * against a strict pattern: a line that does not fit is dropped, never echoed.
 */
record HostState(String docker, List<Container> containers, Map<String, String> env, boolean envUnreadable, String compose,
                 AuditEntry current, Map<String, String> nextEnv, String nextCompose, boolean releaseMissing,
                 Map<String, String> secretFiles,
                 List<String> warnings) {

    /** One service container: is it running, and the repo digests ({@code repo@sha256:…}) of its image. */
    record Container(String service, boolean running, List<String> digests) {
    }

    private static final Pattern FILE_NAME = Pattern.compile(HostFields.NAME);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SERVICE = Pattern.compile(Release.SERVICE);
    private static final Pattern DIGEST_REF = Pattern.compile("[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}");

    static HostState parse(String output) {
        String docker = "unknown";
        List<Container> containers = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> nextEnv = new LinkedHashMap<>();
        boolean envNone = false;
        boolean envUnreadable = false;
        boolean nextEnvNone = false;
        String compose = null;
        String nextCompose = null;
        AuditEntry current = null;
        boolean missing = false;
        List<String> warnings = new ArrayList<>();
        Map<String, String> secretFiles = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            if (!line.startsWith("@@")) {
                continue;
            }
            String body = line.substring(2);
            int sp = body.indexOf(' ');
            String tag = sp < 0 ? body : body.substring(0, sp);
            String rest = sp < 0 ? "" : body.substring(sp + 1);
            String[] f = rest.split(" ");
            switch (tag) {
                case "docker" -> docker = rest.matches("ok|none|unreachable") ? rest : "unknown";
                case "container" -> {
                    if (f.length == 3 && SERVICE.matcher(f[0]).matches()) {
                        List<String> digests = new ArrayList<>();
                        for (String d : f[2].split(",")) {
                            if (DIGEST_REF.matcher(d).matches()) {
                                digests.add(d);
                            }
                        }
                        containers.add(new Container(f[0], f[1].equals("true"), List.copyOf(digests)));
                    }
                }
                case "env" -> hashLine(f, env);
                case "next-env" -> hashLine(f, nextEnv);
                case "env-none" -> envNone = true;
                case "next-env-none" -> nextEnvNone = true;
                case "env-unreadable" -> envUnreadable = true;
                case "next-env-unreadable" -> warnings.add("the kept release's env file is not readable");
                case "compose" -> compose = HASH.matcher(rest).matches() ? rest : null;
                case "next-compose" -> nextCompose = HASH.matcher(rest).matches() ? rest : null;
                case "current" -> current = AuditEntry.parse(rest);
                case "release-missing" -> missing = true;
                case "secret-file" -> {
                    if (f.length == 2 && FILE_NAME.matcher(f[0]).matches() && HASH.matcher(f[1]).matches()) {
                        secretFiles.put(f[0], f[1]);
                    }
                }
                case "warn" -> warnings.add(rest);
                default -> {
                    // a line of a newer host script: ignored
                }
            }
        }
        return new HostState(docker, List.copyOf(containers), envNone || envUnreadable ? null : env, envUnreadable, compose, current,
                nextEnvNone ? null : nextEnv, nextCompose, missing, secretFiles, List.copyOf(warnings));
    }

    private static void hashLine(String[] f, Map<String, String> into) {
        if (f.length == 2 && ValueHashes.KEY.matcher(f[0]).matches() && HASH.matcher(f[1]).matches()) {
            into.remove(f[0]);
            into.put(f[0], f[1]);
        }
    }

    /** The containers of one service (compose may run several). */
    List<Container> of(String service) {
        return containers.stream().filter(c -> c.service().equals(service)).toList();
    }
}
