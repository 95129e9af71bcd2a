#!/usr/bin/env bash
# Parallel speed-up of `gate`: the same gate run one check at a time and at the default
# parallelism (number of cores) and at 4, side by side with hyperfine. The gate mixes
# checks that wait (sleep, like a test waiting on I/O) with checks that burn CPU (sha256 of
# zeros), which is what a CI gate is made of. Results go to last-run.md next to this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${INVENTIV_ENGINE_JAR:-$root/engine/target/inventiv-pipeline.jar}
[ -f "$jar" ] || { echo "engine jar not found at $jar; run 'mvn -B -DskipTests package' first" >&2; exit 2; }
work=$root/bench/work/gate
rm -rf "$work" && mkdir -p "$work"
cat > "$work/gate.yaml" <<'YAML'
checks:
  - {name: wait-1, command: "sleep 1"}
  - {name: wait-2, command: "sleep 1"}
  - {name: wait-3, command: "sleep 1"}
  - {name: wait-4, command: "sleep 1"}
  - {name: cpu-1, command: "head -c 300000000 /dev/zero | sha256sum"}
  - {name: cpu-2, command: "head -c 300000000 /dev/zero | sha256sum"}
YAML
cd "$work"
run="java -XX:+UseSerialGC -jar $jar gate --gate-file gate.yaml"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$here/last-run.md" \
  -n "parallel 1" "$run --parallel 1" \
  -n "parallel $(nproc) (default)" "$run" \
  -n "parallel 4" "$run --parallel 4"
