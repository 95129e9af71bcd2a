#!/usr/bin/env bash
# Times scan-keys against ripgrep and git grep -E (same patterns: patterns.txt) on a >= 300 MB
# git-tracked tree, side by side in one hyperfine run with the page cache warm, and writes
# results.md, results.json and ratios.txt next to this script. The engine runs as a user or a
# Jenkins step runs it: through bin/inventiv-pipeline, JVM start-up included.
#   bench/scan-keys/run.sh            (needs: mvn -B -DskipTests package, hyperfine, ripgrep, git)
#   SCAN_BENCH_TREE=DIR               an existing tree to reuse (make-tree.sh builds one otherwise)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${INVENTIV_ENGINE_JAR:-"$root/engine/target/inventiv-pipeline.jar"}
runs=${SCAN_BENCH_RUNS:-5}
[ -f "$jar" ] || { echo "no engine jar at $jar: run 'mvn -B -DskipTests package' first" >&2; exit 2; }
for tool in hyperfine rg git java; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/lib/provision.sh installs it)" >&2; exit 2; }
done

tree=$("$here/make-tree.sh" | tail -1)
cd "$tree"
mb=$(git ls-files -z | du -cm --apparent-size --files0-from=- 2>/dev/null | tail -1 | cut -f1)
files=$(git ls-files | wc -l)
echo "tree: $tree ($files tracked files, $mb MB)" >&2

# Warm the page cache once before hyperfine's own warm-up runs.
git ls-files -z | xargs -0 cat >/dev/null 2>&1 || true

# The same command on a one-file repository: start-up and the command's fixed costs, which
# `--version` does not show (an unknown first word makes picocli build every command's model).
tiny=$(mktemp -d)
trap 'rm -rf "$tiny"' EXIT
git -C "$tiny" init -q . && echo "hello" > "$tiny/hello.txt" && git -C "$tiny" add hello.txt

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# scan-keys exits 1 when it finds the planted secrets: -i keeps hyperfine going.
launcher="env INVENTIV_ENGINE_JAR=$jar $root/bin/inventiv-pipeline"
hyperfine -N -i --warmup 1 --runs "$runs" --output=pipe \
  --export-json "$here/results.json" --export-markdown "$here/results.md" \
  -n "scan-keys (bin/inventiv-pipeline)" "$launcher scan-keys --source-dir $tree" \
  -n "scan-keys --json (bin/inventiv-pipeline)" "$launcher scan-keys --json --source-dir $tree" \
  -n "ripgrep" "rg -n -f $here/patterns.txt" \
  -n "ripgrep -F (trigger literals only)" "rg -n -F -f $here/literals.txt" \
  -n "git grep -E" "git grep -n -I -E -f $here/patterns.txt" \
  -n "engine start-up only (bin/inventiv-pipeline --version)" "$launcher --version" \
  -n "scan-keys on a one-file repository (start-up and fixed costs)" "$launcher scan-keys --source-dir $tiny" \
  -n "scan-keys (plain java -jar: tiered JIT, no class-data archive)" "java -jar $jar scan-keys --source-dir $tree"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Ratios of mean wall time, and of CPU time (user + system): on a shared machine the latter
# moves less with the other tenants' load.
jq -r --arg before "$load_before" --arg after "$load_after" --arg mb "$mb" --arg files "$files" '
  .results as $r
  | ($r[0]) as $scan | ($r[1]) as $json | ($r[2]) as $rg | ($r[4]) as $gg | ($r[5]) as $version | ($r[6]) as $boot | ($r[7]) as $plain
  | def cpu(x): x.user + x.system;
  def ms(x): x * 1000 | floor;
  "tree: \($files) tracked files, \($mb) MB; load average before \($before), after \($after)",
  "wall  scan-keys \(ms($scan.mean)) ms, ripgrep \(ms($rg.mean)) ms, git grep -E \(ms($gg.mean)) ms, scan-keys on one file \(ms($boot.mean)) ms, --version \(ms($version.mean)) ms",
  "wall  scan-keys / ripgrep = \($scan.mean/$rg.mean*100|floor/100)x (target <= 4x); scan-keys / git grep -E = \($scan.mean/$gg.mean*1000|floor/1000)x (target <= 0.1x)",
  "cpu   scan-keys \(ms(cpu($scan))) ms, ripgrep \(ms(cpu($rg))) ms, git grep -E \(ms(cpu($gg))) ms, scan-keys on one file \(ms(cpu($boot))) ms, --version \(ms(cpu($version))) ms",
  "cpu   scan-keys / ripgrep = \(cpu($scan)/cpu($rg)*100|floor/100)x; scan-keys / git grep -E = \(cpu($scan)/cpu($gg)*1000|floor/1000)x",
  "scan  scan-keys minus scan-keys on one file (the scan itself): \(ms($scan.mean - $boot.mean)) ms wall, \(ms(cpu($scan) - cpu($boot))) ms cpu",
  "json  scan-keys --json \(ms($json.mean)) ms wall (\($json.mean/$rg.mean*100|floor/100)x ripgrep, \($json.mean/$gg.mean*1000|floor/1000)x git grep -E), \(ms(cpu($json))) ms cpu",
  "plain java -jar scan-keys (tiered JIT, no archive) \(ms($plain.mean)) ms wall, \(ms(cpu($plain))) ms cpu"
' "$here/results.json" | tee "$here/ratios.txt"
