#!/usr/bin/env bash
# Usage: scripts/lib/train-class-data.sh target/inventiv-pipeline.jar
#
# Writes target/inventiv-pipeline.jsa, the class-data archive bin/inventiv-pipeline starts the
# engine with. Every pipeline step is a fresh JVM, so start-up is paid on every step.
#
# Why a *static* archive from class lists, not -XX:ArchiveClassesAtExit: picocli's classes are
# Java 5 class files, which JDK 17 can store only in a static archive. The list is the JDK's own
# default list plus every class the engine loaded in a few training runs, so the archive also
# replaces the JDK's default one. When docker-registry and curl are installed (as scripts/test
# and scripts/demo provision them), the training includes real digest and promote runs against
# a throw-away registry on loopback, so the HTTP client's classes are archived too.
# Training never fails the build: at worst the archive holds fewer classes.
set -uo pipefail

jar=$(readlink -f "$1")
archive=${jar%.jar}.jsa
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
work=$(mktemp -d "${TMPDIR:-/tmp}/inventiv-cds.XXXXXX")
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

runs=0
train() { # one engine run whose loaded classes join the list; its outcome does not matter
  runs=$((runs + 1))
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:off \
    -XX:DumpLoadedClassList="$work/run-$runs.classlist" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null
}

train --version
train --help
train validate-env --profile staging --json
train validate-env --profile production
train promote --help

# scan-keys and gate on a small git repository (git is a build requirement of the tests anyway)
if command -v git >/dev/null; then
  repo=$work/repo
  git init -q "$repo"
  printf 'ssh-rsa AAAAB3NzaC1yc2E public key, not a secret\n-----BEGIN CERTIFICATE-----\n' >"$repo/notes.txt"
  git -C "$repo" add notes.txt
  train scan-keys --repo "$repo" --json
  train scan-keys --repo "$repo"
  train gate --check ok=true --json
fi

# The remote commands up to the SSH connection (a closed port: the run fails fast)
if command -v ssh >/dev/null; then
  printf 'hosts: [127.0.0.1]\nport: 1\nuser: deploy\nremoteDir: /srv/app\n' >"$work/target.yml"
  train status --target "$work/target.yml" --known-hosts /dev/null --connect-timeout 2s --json
fi

# A tiny image in a throw-away registry: one empty config blob and one OCI manifest.
upload_image() { # REGISTRY REPO TAG
  local base="http://$1/v2/$2" config digest size location manifest
  config='{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'
  digest=sha256:$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  size=${#config}
  location=$(curl -fsS -D - -o /dev/null -X POST "$base/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case $location in http*) ;; *) location="http://$1$location" ;; esac
  case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  printf '%s' "$config" | curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary @- "$location" >/dev/null
  manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"'$digest'","size":'$size'},"layers":[]}'
  printf '%s' "$manifest" | curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary @- "$base/manifests/$3" >/dev/null
}

if command -v docker-registry >/dev/null && command -v curl >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 45873)
  cat >"$work/registry.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YAML
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  if upload_image "127.0.0.1:$port" train/app src; then
    train digest "127.0.0.1:$port/train/app:src" --json
    train promote --source "127.0.0.1:$port/train/app:src" --tag staging --require-platform linux/arm64 --json
    train promote --source "127.0.0.1:$port/train/app:src" --tag staging
    train promote --source "127.0.0.1:$port/train/app:src" --tag prod --target-repo "127.0.0.1:$port/train/release" --json
  else
    echo "train-class-data: could not upload the training image; the archive will not hold the HTTP client's classes" >&2
  fi
else
  echo "train-class-data: docker-registry or curl missing; the archive will not hold the HTTP client's classes" >&2
fi

# Order does not matter to -Xshare:dump; duplicates do not either, but keep the list readable.
cat "$java_home/lib/classlist" "$work"/run-*.classlist | grep -v '^#' | awk '!seen[$0]++' >"$work/all.classlist"
rm -f "$archive"
if ! java -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$work/all.classlist" \
    -XX:SharedArchiveFile="$archive" -Xlog:cds=error -cp "$jar" >"$work/dump.log" 2>&1; then
  echo "train-class-data: -Xshare:dump failed; the engine will start without an archive:" >&2
  tail -5 "$work/dump.log" >&2
  rm -f "$archive"
fi
exit 0
