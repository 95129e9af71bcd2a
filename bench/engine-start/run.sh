#!/usr/bin/env bash
# Start-up of the engine as agents run it: the launcher shipped to agents
# (resources/io/inventiv/pipeline/engine-launcher.sh) and a jar in a cache directory with no
# class-data archive from the build machine, side by side with hyperfine:
#   - JDK 17, no archive (an agent on 17/18: the launcher adds none)
#   - JDK 19+ (Temurin 25 here) without and with the archive the launcher has the JVM keep
#     (-XX:ArchiveClassesAtExit on a family's first run, -XX:SharedArchiveFile after), made
#   - JDK 19+'s first run, which writes the archive at exit (its one-time cost)
#   - JDK 17 with the build machine's static archive (a developer's checkout), for reference
# for three commands that need no network: --version (start-up alone), validate-env (deploy
# family) and scan-keys on a small repository (gate family).
# Usage: bench/engine-start/run.sh [NEWER_JDK_HOME]   (RUNS=20 by default). Results: last-run.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/engine/target/inventiv-pipeline.jar
[ -f "$jar" ] || { echo "engine jar not found at $jar; run 'mvn -B -DskipTests package' first" >&2; exit 2; }
jdk17=${JDK17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
newer=${1:-$(ls -d /usr/lib/jvm/temurin-2*-jdk-* 2>/dev/null | sort -V | tail -n 1)}
[ -x "$newer/bin/java" ] || { echo "no JDK 19+ given or found under /usr/lib/jvm: pass its home" >&2; exit 2; }
launcher=$root/resources/io/inventiv/pipeline/engine-launcher.sh
runs=${RUNS:-20}
runtime=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$newer/release")

work=$root/bench/work/engine-start
rm -rf "$work" && mkdir -p "$work/cache" "$work/repo"
cp "$jar" "$work/cache/inventiv-pipeline.jar" # as an agent's cache holds it: no .jsa beside it
git -C "$work/repo" init -q && printf 'hello\n' >"$work/repo/README" && git -C "$work/repo" add README
cd "$work/repo"

agent="env INVENTIV_ENGINE_JAR=$work/cache/inventiv-pipeline.jar"
on17="$agent INVENTIV_JAVA_HOME=$jdk17 $launcher"
# INVENTIV_CDS_DIR naming no directory: the launcher adds no archive option.
newer_bare="$agent INVENTIV_JAVA_HOME=$newer INVENTIV_CDS_DIR=/nonexistent $launcher"
newer_auto="$agent INVENTIV_JAVA_HOME=$newer $launcher"
dev17="env INVENTIV_ENGINE_JAR=$jar INVENTIV_JAVA_HOME=$jdk17 $launcher"

: >"$here/last-run.md"
for cmd in "--version" "validate-env --profile staging --json" "scan-keys --json"; do
  family=none
  case $cmd in validate-env*) family=deploy ;; scan-keys*) family=gate ;; esac
  $newer_auto $cmd >/dev/null 2>&1 || true # make the archive the "archive made" runs map
  # One --prepare per command, in order: only the first-run case deletes the archive first (and
  # runs last, so the others find it made).
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/run.json" \
    --prepare true --prepare true --prepare true --prepare true \
    --prepare "rm -f $work/cache/inventiv-pipeline-$family-jdk-$runtime.jsa" \
    -n "JDK 17, no archive (agent)" "$on17 $cmd" \
    -n "$(basename "$newer"), no archive" "$newer_bare $cmd" \
    -n "$(basename "$newer"), own archive, made (agent)" "$newer_auto $cmd" \
    -n "JDK 17, build machine's static archive (checkout)" "$dev17 $cmd" \
    -n "$(basename "$newer"), own archive, first run (writes it)" "$newer_auto $cmd" >/dev/null
  {
    printf '\n### `%s`\n\n' "$cmd"
    python3 "$here/table.py" "$work/run.json"
  } >>"$here/last-run.md"
done
{
  printf '\nLoad average at the end: %s\n\nArchives the JVM kept (JDK 19+):\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  ls -l "$work/cache" | sed 's/^/    /'
} >>"$here/last-run.md"
echo "results in $here/last-run.md"
