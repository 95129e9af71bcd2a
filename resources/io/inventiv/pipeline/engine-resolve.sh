#!/bin/sh
# Makes the engine available on this agent, for the inventivEngine step (which ships this file
# through libraryResource, writes it to the workspace's temp dir and runs it with its values in
# the environment). Everything touching the agent's disk and network happens here, on the agent.
#
# Java:  INVENTIV_JDK_HOME (a JDK tool's home), else JAVA_HOME. Never `java` on PATH: an agent's
#        PATH is whatever its service manager left there.
# Jar, in order:
#   1. INVENTIV_ENGINE_JAR set on the agent (pre-installed): used if its --version is the pinned one
#   2. CACHE/<sha256>/inventiv-pipeline.jar, if its sha256 is the pinned one
#   3. downloaded from the URL (INVENTIV_URL_ARG, else INVENTIV_ENGINE_URL, else INVENTIV_PIN_URL;
#      {version} and {sha256} replaced; file:// works for a share), checked against the pinned
#      sha256, then renamed into the cache: a rename is atomic, so executors downloading at once
#      each rename a complete, verified file, and readers never see a partial one.
# CACHE: INVENTIV_CACHE_ARG, else INVENTIV_ENGINE_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/inventiv-pipeline.
# Pins (engine.properties): INVENTIV_PIN_VERSION, INVENTIV_PIN_SHA256, INVENTIV_PIN_URL.
# INVENTIV_LAUNCHER_SRC: the launcher the step wrote; installed into the cache under its own hash.
#
# Output on stdout, one key=value a line: launcher, jar, javaHome, javaVersion, version, source,
# cdsDir; or a single error=<one line saying what to do>. Exit status 0 either way, so the step
# reads the answer with returnStdout; a non-zero status means this script itself broke.
set -u

fail() {
  printf 'error=inventivEngine: %s\n' "$*"
  exit 0
}

sha256_of() { # FILE: its sha256 in hex
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    openssl dgst -sha256 "$1" | sed 's/.*= *//'
  fi
}

replace_all() { # TEXT FROM TO
  rest=$1 done_=
  while :; do
    case $rest in
      *"$2"*) done_=$done_${rest%%"$2"*}$3; rest=${rest#*"$2"} ;;
      *) printf '%s' "$done_$rest"; return ;;
    esac
  done
}

pin_version=${INVENTIV_PIN_VERSION:-}
pin_sha=${INVENTIV_PIN_SHA256:-}
[ -n "$pin_version" ] || fail "engine.properties names no engine version: the library's resources are incomplete; use a released tag of the library"
case $pin_sha in
  '') ;;
  *[!0-9a-f]*) fail "engine.properties pins sha256 '$pin_sha', not 64 lower-case hex digits: rewrite it with scripts/release prepare" ;;
  *) [ ${#pin_sha} -eq 64 ] || fail "engine.properties pins sha256 '$pin_sha', not 64 lower-case hex digits: rewrite it with scripts/release prepare" ;;
esac

# --- Java --------------------------------------------------------------------------------------
java_home=${INVENTIV_JDK_HOME:-${JAVA_HOME:-}}
java_home=${java_home%/}
[ -n "$java_home" ] || fail "no Java on this agent: set JAVA_HOME on the agent (node properties) to a JDK 17+, or pass jdk: '<JDK tool name>' (Manage Jenkins > Tools)"
java=$java_home/bin/java
[ -x "$java" ] || fail "no Java at $java: set JAVA_HOME on the agent to a JDK 17+, or pass jdk: '<JDK tool name>'"
feature=
if [ -r "$java_home/release" ]; then
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
fi
if [ -z "$feature" ]; then # a JDK without a release file: ask it (java -version prints "17.0.2" or "1.8.0_392")
  feature=$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
fi
case $feature in '' | *[!0-9]*) fail "could not tell the version of the Java at $java_home: point JAVA_HOME or jdk: at a JDK 17+" ;; esac
[ "$feature" -ge 17 ] || fail "the Java at $java_home is $feature; the engine needs Java 17 or newer: set JAVA_HOME on the agent to a JDK 17+, or pass jdk: '<JDK tool name>' (Manage Jenkins > Tools)"

# --- Cache and launcher ------------------------------------------------------------------------
cache=${INVENTIV_CACHE_ARG:-${INVENTIV_ENGINE_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/inventiv-pipeline}}
cache=${cache%/}
cache_ok=yes
mkdir -p "$cache/launchers" 2>/dev/null && [ -w "$cache" ] || cache_ok=no

launcher=${INVENTIV_LAUNCHER_SRC:-}
[ -n "$launcher" ] && [ -f "$launcher" ] || fail "the step wrote no launcher (INVENTIV_LAUNCHER_SRC): a library bug; report it"
if [ "$cache_ok" = yes ]; then
  # Under its own hash: one file per launcher version, never rewritten in place while a step runs it.
  installed=$cache/launchers/$(sha256_of "$launcher").sh
  if [ ! -f "$installed" ]; then
    tmp=$(mktemp "$cache/launchers/.new.XXXXXX") || fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir"
    cp "$launcher" "$tmp" && chmod 755 "$tmp" && mv -f "$tmp" "$installed" || { rm -f "$tmp"; fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir"; }
  fi
  rm -f "$launcher"
  launcher=$installed
else
  chmod 755 "$launcher" # the step's copy stays in the workspace's temp dir
fi

say() { printf '%s=%s\n' "$1" "$2"; }
answer() { # JAR SOURCE CDS-DIR
  say launcher "$launcher"
  say jar "$1"
  say javaHome "$java_home"
  say javaVersion "$feature"
  say version "$pin_version"
  say source "$2"
  say cdsDir "$3"
  exit 0
}

# --- 1. Pre-installed --------------------------------------------------------------------------
if [ -n "${INVENTIV_ENGINE_JAR:-}" ]; then
  jar=$INVENTIV_ENGINE_JAR
  [ -f "$jar" ] || fail "INVENTIV_ENGINE_JAR=$jar on this agent names no file: install engine $pin_version there, or unset INVENTIV_ENGINE_JAR to download it"
  cds_dir=
  marker=
  if [ "$cache_ok" = yes ]; then
    jar_sha=$(sha256_of "$jar")
    # Class-data archives per jar content: one replaced in place gets new ones.
    cds_dir=$cache/cds/$jar_sha
    mkdir -p "$cds_dir" "$cache/checked"
    # Starting a JVM to ask the version costs more than hashing the jar: remember a jar that passed.
    marker=$cache/checked/$jar_sha-$pin_version
    [ -f "$marker" ] && answer "$jar" preinstalled "$cds_dir"
  fi
  got=$(INVENTIV_ENGINE_JAR=$jar INVENTIV_JAVA_HOME=$java_home INVENTIV_CDS_DIR=$cds_dir INVENTIV_JAVA_OPTS= "$launcher" --version 2>&1 | head -n 1)
  got=${got#inventiv-pipeline }
  [ "$got" = "$pin_version" ] || fail "INVENTIV_ENGINE_JAR=$jar on this agent is engine '$got', this library version needs $pin_version: install $pin_version there, or unset INVENTIV_ENGINE_JAR to download it"
  [ -n "$marker" ] && : >"$marker"
  answer "$jar" preinstalled "$cds_dir"
fi

[ -n "$pin_sha" ] || fail "this library version ($pin_version) pins no released engine (engine.properties has no sha256): use a released tag of the library, or set INVENTIV_ENGINE_JAR on the agent to a jar of engine $pin_version"
[ "$cache_ok" = yes ] || fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir, or pre-install the jar and set INVENTIV_ENGINE_JAR on the agent"
dir=$cache/$pin_sha
jar=$dir/inventiv-pipeline.jar

# --- 2. Cached ---------------------------------------------------------------------------------
# Hashed again on every use (~10 ms): a damaged file is downloaded anew rather than run.
if [ -f "$jar" ] && [ "$(sha256_of "$jar")" = "$pin_sha" ]; then
  answer "$jar" cache "$dir"
fi

# --- 3. Downloaded -----------------------------------------------------------------------------
url=${INVENTIV_URL_ARG:-${INVENTIV_ENGINE_URL:-${INVENTIV_PIN_URL:-}}}
[ -n "$url" ] || fail "no download URL for engine $pin_version (engine.properties has none): pass url, or set INVENTIV_ENGINE_URL or INVENTIV_ENGINE_JAR on the agent"
url=$(replace_all "$url" '{version}' "$pin_version")
url=$(replace_all "$url" '{sha256}' "$pin_sha")
mkdir -p "$dir" || fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir"
# Downloads a killed build left behind (a kill skips the trap below).
find "$dir" -name '.download.*' -mmin +60 -exec rm -f {} + 2>/dev/null
tmp=$(mktemp "$dir/.download.XXXXXX") || fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir"
trap 'rm -f "$tmp" "$tmp.err"' EXIT
mirror_hint="set url (or INVENTIV_ENGINE_URL on the agent) to a mirror holding inventiv-pipeline-$pin_version.jar, or pre-install it and set INVENTIV_ENGINE_JAR"
if command -v curl >/dev/null 2>&1; then
  code=$(curl -sSL --connect-timeout 20 --max-time 600 --retry 2 -o "$tmp" -w '%{http_code}' "$url" 2>"$tmp.err")
  rc=$?
  case $code in
    404 | 410) fail "no engine $pin_version at $url (HTTP $code): publish it with scripts/release upload, or $mirror_hint" ;;
    2?? | 000) ;;
    *) fail "$url answered HTTP $code for engine $pin_version: check the agent's network and proxy, or $mirror_hint" ;;
  esac
  [ "$rc" -eq 0 ] || fail "could not download engine $pin_version from $url ($(head -n 1 "$tmp.err")): check the agent's network and proxy, or $mirror_hint"
elif command -v wget >/dev/null 2>&1; then
  if ! wget -q -S -T 60 -O "$tmp" "$url" 2>"$tmp.err"; then
    code=$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$tmp.err" | tail -n 1)
    case $code in
      404 | 410) fail "no engine $pin_version at $url (HTTP $code): publish it with scripts/release upload, or $mirror_hint" ;;
      '') fail "could not download engine $pin_version from $url: check the agent's network and proxy, or $mirror_hint" ;;
      *) fail "$url answered HTTP $code for engine $pin_version: check the agent's network and proxy, or $mirror_hint" ;;
    esac
  fi
else
  fail "neither curl nor wget on this agent: install one, or pre-install the engine and set INVENTIV_ENGINE_JAR"
fi
got=$(sha256_of "$tmp")
[ "$got" = "$pin_sha" ] || fail "the file at $url has sha256 $got, but engine.properties pins $pin_sha for engine $pin_version: the URL serves another file (a wrong mirror, or a proxy's error page); fix the mirror or url. Nothing was cached"
chmod 444 "$tmp"
mv -f "$tmp" "$jar" || fail "cannot write to the engine cache $cache: make it writable for the agent's user, or pass cacheDir"
answer "$jar" download "$dir"
