package io.inventiv.pipeline.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording stand-in for the {@code docker} CLI, placed first on PATH, for what real buildx
 * cannot do here: a docker-container builder that starts (its moby/buildkit image comes from
 * Docker Hub), hence several platforms at once and the registry cache export. It records every
 * call (argv, the DOCKER_CONFIG it saw, what buildx would read) and answers like docker/buildx
 * would; it never builds anything. Real buildx (docker driver) runs in BuildxDockerDriverIT.
 */
final class RecordingDockerStandIn {
    private static final String SCRIPT = """
            #!/bin/bash
            # Recording stand-in for docker with a docker-container buildx builder: records, never builds.
            set -u
            log="$STANDIN_DIR/calls.log"
            { echo "=== call"; printf 'arg %s\\n' "$@"; echo "config ${DOCKER_CONFIG:-}"; } >> "$log"
            case "${1:-} ${2:-}" in
              "buildx version")
                echo "github.com/docker/buildx v0.17.1 recording-stand-in"; exit 0;;
              "buildx inspect")
                # "inspect NAME" and "inspect NAME --bootstrap": a created builder starts at once.
                [ -e "$STANDIN_DIR/builder-$3" ] && { echo "Name: $3"; echo "Driver: docker-container"; exit 0; }
                echo "ERROR: no builder \\"$3\\" found" >&2; exit 1;;
              "buildx create")
                touch "$STANDIN_DIR/builder-$4"; echo "$4"; exit 0;;
              "buildx build")
                { echo "buildx-link $(readlink "${DOCKER_CONFIG:-/nonexistent}/buildx" 2>/dev/null)"
                  echo "cli-plugins-link $(readlink "${DOCKER_CONFIG:-/nonexistent}/cli-plugins" 2>/dev/null)"
                  echo "config-mode $(stat -c %a "${DOCKER_CONFIG:-/nonexistent}" 2>/dev/null)"
                  echo "source-date-epoch ${SOURCE_DATE_EPOCH:-}"; } >> "$log"
                prev=""
                for a in "$@"; do
                  [ "$prev" = "--metadata-file" ] && \\
                    printf '{"containerimage.digest":"%s"}' "$(cat "$STANDIN_DIR/digest")" > "$a"
                  prev="$a"
                done
                exit 0;;
              "login "*)
                { echo "stdin-bytes $(wc -c | tr -d ' ')"; echo "config-mode $(stat -c %a "$DOCKER_CONFIG")"; } >> "$log"
                echo '{"auths":{}}' > "$DOCKER_CONFIG/config.json"; echo "Login Succeeded"; exit 0;;
            esac
            echo "recording stand-in: unexpected docker call: $*" >&2
            exit 1
            """;

    /** One recorded call: its argv (without "docker") and the other facts, keyed by their first word. */
    record Call(List<String> args, Map<String, String> facts) {
    }

    private final Path dir;

    private RecordingDockerStandIn(Path dir) {
        this.dir = dir;
    }

    static RecordingDockerStandIn install(Path dir) {
        try {
            Path docker = dir.resolve("docker");
            Files.writeString(docker, SCRIPT);
            docker.toFile().setExecutable(true);
            Files.writeString(dir.resolve("calls.log"), "");
            return new RecordingDockerStandIn(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PATH with the stand-in first, and where it records. */
    Map<String, String> env() {
        return Map.of("PATH", dir + ":" + System.getenv("PATH"), "STANDIN_DIR", dir.toString(), "INVENTIV_DOCKER", "");
    }

    /** The digest the stand-in's buildx writes to --metadata-file, as buildx does after a push. */
    void reportDigest(String digest) throws IOException {
        Files.writeString(dir.resolve("digest"), digest);
    }

    String rawLog() throws IOException {
        return Files.readString(dir.resolve("calls.log"));
    }

    List<Call> calls() throws IOException {
        List<Call> out = new ArrayList<>();
        List<String> args = null;
        Map<String, String> facts = null;
        for (String line : Files.readAllLines(dir.resolve("calls.log"))) {
            if (line.equals("=== call")) {
                if (args != null) {
                    out.add(new Call(args, facts));
                }
                args = new ArrayList<>();
                facts = new HashMap<>();
            } else if (line.startsWith("arg ")) {
                args.add(line.substring(4));
            } else {
                int sp = line.indexOf(' ');
                facts.put(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1));
            }
        }
        if (args != null) {
            out.add(new Call(args, facts));
        }
        return out;
    }

    List<String> commands() throws IOException {
        return calls().stream().map(c -> String.join(" ", c.args().subList(0, Math.min(2, c.args().size())))).toList();
    }
}
