#!/bin/sh
# Starts the engine jar with the JVM options every engine run uses. The one copy of them:
# bin/inventiv-pipeline runs this file from a checkout, and the inventivEngine step ships it to
# agents through libraryResource, so the Jenkins steps start the engine exactly as developers do.
#
# From the environment only (a step's values arrive through withEnv):
#   INVENTIV_ENGINE_JAR  the engine jar (required)
#   INVENTIV_JAVA_HOME   the JDK to run it with, else JAVA_HOME, else `java` on PATH
#   INVENTIV_CDS_DIR     where the JVM's class-data archives go on JDK 19+ (default: the jar's directory)
#   INVENTIV_JAVA_OPTS   extra JVM options, after the launcher's own
# Shell builtins only before the exec (no dirname, no `java -version`): every step pays this script.
jar=${INVENTIV_ENGINE_JAR:-}
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "inventiv-pipeline: engine jar not found${jar:+ at $jar}; build it with 'mvn -B -DskipTests package' or set INVENTIV_ENGINE_JAR" >&2
  exit 2
fi
java_home=${INVENTIV_JAVA_HOME:-${JAVA_HOME:-}}
java=java
if [ -n "$java_home" ]; then
  java=$java_home/bin/java
  if [ ! -x "$java" ]; then
    echo "inventiv-pipeline: no Java at $java; point INVENTIV_JAVA_HOME or JAVA_HOME at a JDK 17+" >&2
    exit 2
  fi
fi

# The JDK's version from its release file (JAVA_VERSION="21.0.2"), without starting a JVM.
feature=
runtime=
if [ -n "$java_home" ] && [ -r "$java_home/release" ]; then
  while IFS= read -r line; do
    case $line in
      JAVA_VERSION=*) v=${line#JAVA_VERSION=\"}; feature=${v%%[!0-9]*} ;;
      JAVA_RUNTIME_VERSION=*) runtime=${line#JAVA_RUNTIME_VERSION=\"}; runtime=${runtime%\"} ;;
    esac
  done <"$java_home/release"
fi
if [ -n "$feature" ] && [ "$feature" -lt 17 ]; then
  echo "inventiv-pipeline: $java is Java $feature; the engine needs Java 17 or newer: point INVENTIV_JAVA_HOME or JAVA_HOME at a JDK 17+" >&2
  exit 2
fi

# Start-up is paid by every pipeline step. The classes a command family loads differ, so each
# family has its own class-data archive.
case ${1:-} in
  digest | promote) family=registry ;;
  gate | scan-keys | check-versions | check-migrations | check-lockfile) family=gate ;;
  deploy | rollback | status | logs | bootstrap | render-env | validate-env) family=deploy ;;
  *) family=none ;;
esac
# The JVM's arguments are built back to front in "$@" (the one array POSIX sh has), so paths
# with spaces stay whole; INVENTIV_JAVA_OPTS is split into words on purpose.
# -cp and the main class, not -jar: -jar opens the jar and reads its manifest before main runs
# (~10 ms), while with the archive the classes a run needs come from the archive.
set -- ${INVENTIV_JAVA_OPTS:-} -cp "$jar" io.inventiv.pipeline.cli.Main "$@"
dumped=
if [ -n "$feature" ] && [ "$feature" -ge 19 ]; then
  # JDK 19+: the JVM dumps the classes the first run of a family loaded (a dynamic archive over
  # the JDK's own) and later runs map it (measured in bench/engine-start). Named by the JDK build:
  # another JDK, or this one updated, makes its own.
  dir=${INVENTIV_CDS_DIR:-${jar%/*}}
  [ "$dir" = "$jar" ] && dir=.
  if [ -d "$dir" ] && [ -w "$dir" ]; then
    archive=$dir/inventiv-pipeline-$family-jdk-$runtime.jsa
    if [ -f "$archive" ]; then
      set -- "-XX:SharedArchiveFile=$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
    else
      # Written under this process's own name and renamed into place after the JVM exits, so a
      # run killed while dumping, or several first runs at once, never leave a partial archive.
      # (-XX:+AutoCreateSharedArchive writes in place: a damaged archive then stays, unused, and
      # every later run prints a JVM warning.)
      dumped=$archive.$$.tmp
      set -- "-XX:ArchiveClassesAtExit=$dumped" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
    fi
  fi
else
  # JDK 17/18: a static archive only where the build trained one next to the jar (a checkout's
  # engine/target, by scripts/lib/train-class-data.sh with the same JDK; a mismatched one is
  # ignored). Agents get none: the build machine's archive is 19-34 MB and valid for one JDK build.
  archive=${jar%.jar}-$family.jsa
  [ -f "$archive" ] || archive=${jar%.jar}.jsa
  [ -f "$archive" ] && set -- "-XX:SharedArchiveFile=$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
fi
# G1, not the serial collector: JDK 17 maps an archive's heap objects (the boot module graph
# among them) only under G1, which saves more than G1's set-up costs (promote 199 -> 184 ms).
# Every engine command is a one-shot process: the C2 compiler's threads burn CPU that such a
# run never gets back (measured: promote 0.66 -> 0.49 s CPU; scan-keys on 324 MB 2.08 -> 1.43 s,
# bench/README.md and bench/scan-keys/README.md), and one C1 thread is enough (the ergonomic two
# compete with the run itself on a 2-core agent: promote 198 -> 189 ms median).
# INVENTIV_JAVA_OPTS can put them back (-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2).
set -- -XX:+UseG1GC -Xss1m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "$@"
# exec: the engine keeps this process's pid, so a Jenkins abort's signal reaches it. Only the
# first run of a family on JDK 19+ waits, to rename the archive its JVM wrote.
[ -z "$dumped" ] && exec "$java" "$@"
"$java" "$@"
status=$?
if [ -s "$dumped" ]; then mv -f "$dumped" "$archive"; else rm -f "$dumped"; fi
exit $status
