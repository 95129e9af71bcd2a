#!/usr/bin/env bash
# bench/promote: `inventiv-pipeline promote` vs `skopeo copy --all --preserve-digests` of the
# same 4-platform x 8-layer OCI index into a new tag of the same repository, side by side
# (hyperfine), straight to a local registry and through a proxy adding DELAY_MS per request.
# Also: request counts of both tools, and `--version` wall time with and without AppCDS.
# Writes bench/promote/results/*.{md,json} and prints a summary. RUNS, DELAY_MS override defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/engine/target/inventiv-pipeline.jar
runs=${RUNS:-10}
delay=${DELAY_MS:-20}
out=$here/results
mkdir -p "$out"

[ -f "$jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package)
[ -f "$root/engine/target/test-classes/io/inventiv/pipeline/testsupport/LatencyProxy.class" ] \
  || (cd "$root" && mvn -B -q -ntp test-compile)

work=$(mktemp -d /tmp/bench-promote.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

port=$(free_port)
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
await_port "$port"
reg=127.0.0.1:$port

digest=$(python3 "$here/make-index.py" "$work/layout" 8)
skopeo copy --quiet --all --preserve-digests --dest-tls-verify=false "oci:$work/layout:latest" "docker://$reg/bench/app:src"

java -cp "$root/engine/target/test-classes" io.inventiv.pipeline.testsupport.LatencyProxy "http://$reg" "$delay" \
  "$work/proxy.port" "$work/proxy.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
slow=127.0.0.1:$(cat "$work/proxy.port")
await_port "${slow#*:}"

# The launcher starts the engine with the static class-data archive `mvn package` trains
# (scripts/lib/train-class-data.sh); plain `java -jar` is measured too, for comparison.
[ -f "${jar%.jar}.jsa" ] || echo "warning: no ${jar%.jar}.jsa next to the jar; run mvn package" >&2
plain_version=$(hyperfine --warmup 3 --runs 20 --export-json "$work/v0.json" -n plain "java -XX:+UseSerialGC -Xss1m -jar $jar --version" >/dev/null && jq '.results[0].mean' "$work/v0.json")

# Tags must be new on every run, or promote would (rightly) skip the PUT: $(date +%s%N) runs per command.
# --json, as the Jenkins steps run it. bin/ runs promote with C1 only (TieredStopAtLevel=1); the
# second variant puts tiered compilation (C2) back, to show what that choice is worth.
engine="$root/bin/inventiv-pipeline promote --source REG/bench/app@$digest --tag e\$(date +%s%N) --json"
engine_c2="INVENTIV_JAVA_OPTS='-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2' $engine"
skopeo="skopeo copy --quiet --all --preserve-digests --src-tls-verify=false --dest-tls-verify=false docker://REG/bench/app@$digest docker://REG/bench/app:s\$(date +%s%N)"

count_requests() { # tool-command through the proxy -> number of HTTP requests it made
  local before after
  before=$(wc -l <"$work/proxy.log" 2>/dev/null || echo 0)
  sh -c "$1" >/dev/null 2>&1
  after=$(wc -l <"$work/proxy.log")
  echo $((after - before))
}
engine_requests=$(count_requests "${engine//REG/$slow}")
skopeo_requests=$(count_requests "${skopeo//REG/$slow}")

# The proxy and the registry are long-running processes that get faster as they warm up (the
# proxy is a JVM): warm both with each tool before anything is timed, so neither tool's runs
# pay for the other's warm-up.
for _ in $(seq 10); do
  sh -c "${skopeo//REG/$slow}" >/dev/null 2>&1
  sh -c "${engine//REG/$slow}" >/dev/null 2>&1
done

hyperfine --warmup 2 --runs "$runs" --export-markdown "$out/direct.md" --export-json "$out/direct.json" \
  -n "skopeo copy --all --preserve-digests" "${skopeo//REG/$reg}" \
  -n "inventiv-pipeline promote --json" "${engine//REG/$reg}" \
  -n "inventiv-pipeline promote --json (with C2)" "${engine_c2//REG/$reg}"
hyperfine --warmup 2 --runs "$runs" --export-markdown "$out/latency-${delay}ms.md" --export-json "$out/latency-${delay}ms.json" \
  -n "skopeo copy --all --preserve-digests (+${delay} ms/request)" "${skopeo//REG/$slow}" \
  -n "inventiv-pipeline promote --json (+${delay} ms/request)" "${engine//REG/$slow}" \
  -n "inventiv-pipeline promote --json (with C2, +${delay} ms/request)" "${engine_c2//REG/$slow}"
hyperfine --warmup 3 --runs 20 --export-markdown "$out/version.md" --export-json "$out/version.json" \
  -n "java -jar --version" "java -XX:+UseSerialGC -Xss1m -jar $jar --version" \
  -n "bin/inventiv-pipeline --version (AppCDS, C1 only)" "$root/bin/inventiv-pipeline --version" \
  -n "bin/inventiv-pipeline --version (AppCDS, with C2)" "INVENTIV_JAVA_OPTS='-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2' $root/bin/inventiv-pipeline --version"

# promote/skopeo mean wall time, per engine variant (results[0] is skopeo)
ratio() { jq -r '[.results[0].mean as $s | .results[1:][] | "\(.command): \(.mean / $s * 100 | round / 100)"] | join("; ")' "$1"; }
{
  echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)  runs: $runs"
  echo "image: 4 platforms x 8 layers (64 KiB random, gzip), OCI index $digest"
  echo "requests through the proxy: promote $engine_requests, skopeo $skopeo_requests"
  echo "wall-time ratio promote/skopeo, direct: $(ratio "$out/direct.json")"
  echo "wall-time ratio promote/skopeo, +${delay} ms per request: $(ratio "$out/latency-${delay}ms.json")"
  echo "--version mean: plain java -jar ${plain_version}s; $(jq -r '.results[] | "\(.command): \(.mean * 1000 | round) ms"' "$out/version.json" | paste -sd';' -)"
} | tee "$out/summary.txt"
