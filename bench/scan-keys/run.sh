#!/usr/bin/env bash
# Times scan-keys against ripgrep and git grep -E (same patterns: patterns.txt) on a >= 300 MB
# git-tracked tree, side by side in one hyperfine run with the page cache warm, and writes
# results.md and results.json next to this script. The engine runs as the Jenkins steps run it:
# java -jar on the packaged jar, JVM start-up included.
#   bench/scan-keys/run.sh            (needs: mvn -B -DskipTests package, hyperfine, ripgrep, git)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${INVENTIV_ENGINE_JAR:-"$root/target/inventiv-pipeline.jar"}
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

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# scan-keys exits 1 when it finds the planted secrets: -i keeps hyperfine going.
hyperfine -N -i --warmup 1 --runs "$runs" --output=pipe \
  --export-json "$here/results.json" --export-markdown "$here/results.md" \
  -n "scan-keys (java -jar)" "java -jar $jar scan-keys --repo $tree" \
  -n "scan-keys --json (java -jar)" "java -jar $jar scan-keys --json --repo $tree" \
  -n "ripgrep" "rg -n -f $here/patterns.txt" \
  -n "ripgrep -F (trigger literals only)" "rg -n -F -f $here/literals.txt" \
  -n "git grep -E" "git grep -n -I -E -f $here/patterns.txt" \
  -n "engine start-up only (java -jar --version)" "java -jar $jar --version" \
  -n "scan-keys (java -XX:TieredStopAtLevel=1 -jar)" "java -XX:TieredStopAtLevel=1 -jar $jar scan-keys --repo $tree" \
  -n "scan-keys (bin/inventiv-pipeline, INVENTIV_JAVA_OPTS=-XX:TieredStopAtLevel=1)" \
     "env INVENTIV_ENGINE_JAR=$jar INVENTIV_JAVA_OPTS=-XX:TieredStopAtLevel=1 $root/bin/inventiv-pipeline scan-keys --repo $tree"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Ratios of mean wall time, and of CPU time (user + system): on a shared machine the latter
# moves less with the other tenants' load.
jq -r --arg before "$load_before" --arg after "$load_after" --arg mb "$mb" --arg files "$files" '
  .results as $r
  | ($r[0]) as $scan | ($r[1]) as $json | ($r[2]) as $rg | ($r[4]) as $gg | ($r[5]) as $boot
  | def cpu(x): x.user + x.system;
  "tree: \($files) tracked files, \($mb) MB; load average before \($before), after \($after)",
  "wall  scan-keys \($scan.mean*1000|floor) ms, ripgrep \($rg.mean*1000|floor) ms, git grep -E \($gg.mean*1000|floor) ms, start-up \($boot.mean*1000|floor) ms",
  "wall  scan-keys / ripgrep = \($scan.mean/$rg.mean*100|floor/100)x (target <= 4x); scan-keys / git grep -E = \($scan.mean/$gg.mean*1000|floor/1000)x (target <= 0.1x)",
  "cpu   scan-keys \(cpu($scan)*1000|floor) ms, ripgrep \(cpu($rg)*1000|floor) ms, git grep -E \(cpu($gg)*1000|floor) ms, start-up \(cpu($boot)*1000|floor) ms",
  "cpu   scan-keys / ripgrep = \(cpu($scan)/cpu($rg)*100|floor/100)x; scan-keys / git grep -E = \(cpu($scan)/cpu($gg)*1000|floor/1000)x",
  "c1    scan-keys with -XX:TieredStopAtLevel=1 (C1 only): java -jar \($r[6].mean*1000|floor) ms wall, \(cpu($r[6])*1000|floor) ms cpu (\($r[6].mean/$rg.mean*100|floor/100)x ripgrep, \($r[6].mean/$gg.mean*1000|floor/1000)x git grep -E); through bin/inventiv-pipeline \($r[7].mean*1000|floor) ms wall, \(cpu($r[7])*1000|floor) ms cpu",
  "json  scan-keys --json \($json.mean*1000|floor) ms wall (\($json.mean/$rg.mean*100|floor/100)x ripgrep, \($json.mean/$gg.mean*1000|floor/1000)x git grep -E), \(cpu($json)*1000|floor) ms cpu"
' "$here/results.json" | tee "$here/ratios.txt"
