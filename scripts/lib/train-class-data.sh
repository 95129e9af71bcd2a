#!/usr/bin/env bash
# Usage: scripts/lib/train-class-data.sh engine/target/inventiv-pipeline.jar
#
# Writes engine/target/inventiv-pipeline.jsa, the class-data archive bin/inventiv-pipeline starts the
# engine with, and one smaller archive per command family (inventiv-pipeline-registry.jsa for
# digest and promote, -gate.jsa, -deploy.jsa). Every pipeline step is a fresh JVM, so start-up
# is paid on every step, and JDK 17 relocates the whole archive at each start (ASLR,
# ArchiveRelocationMode=1): ~15 ms for the 25 MB of all commands, ~6 ms for the 10 MB promote
# loads. The launcher picks the family's archive and falls back to the whole one.
#
# Why a *static* archive from class lists, not -XX:ArchiveClassesAtExit: picocli's classes are
# Java 5 class files, which JDK 17 can store only in a static archive. The whole archive's list
# is the JDK's own default list plus every class the engine loaded in the training runs; a
# family's list is what its own runs loaded. When docker-registry and curl are installed (as
# scripts/test and scripts/demo provision them), the training includes real digest and promote
# runs against a throw-away registry on loopback, over plain http and, when openssl is there,
# over TLS (GHCR is https: the TLS classes are most of what a real promote loads).
# Training never fails the build: at worst an archive holds fewer classes, or is missing.
set -uo pipefail
# Training talks to loopback registries only: an agent's own proxy must not carry them (the
# engine, like curl, does not treat loopback as special). The proxied run below sets its own.
unset HTTPS_PROXY https_proxy HTTP_PROXY http_proxy NO_PROXY no_proxy

jar=$(readlink -f "$1")
archive=${jar%.jar}.jsa
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
work=$(mktemp -d "${TMPDIR:-/tmp}/inventiv-cds.XXXXXX")
registry_pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  for pid in "${registry_pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

runs=0
train() { # FAMILY ARGS...: one engine run whose loaded classes join FAMILY's list; its outcome does not matter
  local family=$1
  shift
  runs=$((runs + 1))
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:off \
    -XX:DumpLoadedClassList="$work/$family-$runs.classlist" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null
}

train cli --version
train cli --help
train deploy validate-env --profile staging --json
train deploy validate-env --profile production
train cli promote --help

# scan-keys and gate on a small git repository (git is a build requirement of the tests anyway)
if command -v git >/dev/null; then
  repo=$work/repo
  git init -q "$repo"
  printf 'ssh-rsa AAAAB3NzaC1yc2E public key, not a secret\n-----BEGIN CERTIFICATE-----\n' >"$repo/notes.txt"
  git -C "$repo" add notes.txt
  train gate scan-keys --source-dir "$repo" --json
  train gate scan-keys --source-dir "$repo"
  train gate gate --check ok=true --json
  # The checks the built-in CI gate runs as engine checks, and a gate read from a file (YAML)
  mkdir -p "$repo/agent" "$repo/frontend" "$repo/sqlx-migrations"
  printf '[package]
name = "agent"
version = "0.4.2"
' >"$repo/agent/Cargo.toml"
  printf '{"name":"frontend","version":"0.4.2"}
' >"$repo/frontend/package.json"
  printf '{"name":"frontend","lockfileVersion":3,"packages":{"":{"name":"frontend"}}}
' >"$repo/frontend/package-lock.json"
  printf 'sources:
  - path: agent/Cargo.toml
    toml: package.version
  - path: frontend/package.json
    json: version
' \
    >"$repo/versions.yaml"
  printf 'CREATE TABLE t (id INT);
' >"$repo/sqlx-migrations/20260101000000_init.sql"
  printf 'checks:
  - name: echo
    command: [true]
' >"$repo/gate.yaml"
  git -C "$repo" add -A
  train gate check-versions --config "$repo/versions.yaml" --source-dir "$repo" --json
  train gate check-lockfile --lockfile "$repo/frontend/package-lock.json" --json
  train gate check-migrations --source-dir "$repo" --json
  train gate gate --gate-file "$repo/gate.yaml" --json
fi

# The remote commands up to the SSH connection (a closed port: the run fails fast)
if command -v ssh >/dev/null; then
  printf 'hosts: [127.0.0.1]\nport: 1\nuser: deploy\nremoteDir: /srv/app\n' >"$work/target.yml"
  train deploy status --target-file "$work/target.yml" --known-hosts /dev/null --connect-timeout 2s --json
fi

# A tiny image in a throw-away registry: one empty config blob and one OCI manifest.
upload_image() { # REGISTRY REPO TAG [CURL-ARGS...]  (REGISTRY as a URL: http://host:port)
  local base="$1/v2/$2" tag=$3 config digest size location manifest
  shift 3
  config='{"architecture":"arm64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'
  digest=sha256:$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  size=${#config}
  location=$(curl -fsS "$@" -D - -o /dev/null -X POST "$base/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case $location in http*) ;; *) location="${base%%/v2/*}$location" ;; esac
  case $location in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  printf '%s' "$config" | curl -fsS "$@" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @- "$location" >/dev/null
  manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"'$digest'","size":'$size'},"layers":[]}'
  printf '%s' "$manifest" | curl -fsS "$@" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary @- "$base/manifests/$tag" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo "$1"; }
start_registry() { # NAME PORT [TLS-YAML]: a throw-away docker-registry on loopback
  cat >"$work/$1.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/$1}}
http: {addr: 127.0.0.1:$2${3:+, tls: $3}}
YAML
  docker-registry serve "$work/$1.yml" >"$work/$1.log" 2>&1 &
  registry_pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

if command -v docker-registry >/dev/null && command -v curl >/dev/null; then
  port=$(free_port 45873)
  reg=127.0.0.1:$port
  if start_registry plain "$port" && upload_image "http://$reg" train/app src; then
    train registry digest "$reg/train/app:src" --json
    train registry promote --source "$reg/train/app:src" --tag staging --require-platform linux/arm64 --json
    train registry promote --source "$reg/train/app:src" --tag staging
    train registry promote --source "$reg/train/app:src" --tag prod --target-repo "$reg/train/release" --json
    # The proxy classes (parsing, NO_PROXY rules); NO_PROXY names the registry, so no proxy is needed
    HTTPS_PROXY=http://u:p@127.0.0.1:9 HTTP_PROXY=127.0.0.1:9 NO_PROXY="localhost,127.0.0.1,10.0.0.0/8,[::1]:5000" \
      train registry digest "$reg/train/app:src" --json
  else
    echo "train-class-data: could not upload the training image; the archives will not hold the HTTP client's classes" >&2
  fi
  tls_port=$(free_port 45874)
  tls_reg=127.0.0.1:$tls_port
  if command -v openssl >/dev/null \
      && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1 \
      && start_registry tls "$tls_port" "{certificate: $work/cert.pem, key: $work/key.pem}" \
      && upload_image "https://$tls_reg" train/app src --cacert "$work/cert.pem"; then
    train registry promote --source "$tls_reg/train/app:src" --tag staging --ca-file "$work/cert.pem" --json
  else
    echo "train-class-data: no TLS registry for training (openssl missing?); promote over https will load TLS from the JDK's image" >&2
  fi
else
  echo "train-class-data: docker-registry or curl missing; the archives will not hold the HTTP client's classes" >&2
fi

dump() { # ARCHIVE LIST-FILES...: a static archive of these classes, or none
  local archive=$1
  shift
  # Order does not matter to -Xshare:dump; duplicates do not either, but keep the list readable.
  cat "$@" | grep -v '^#' | awk '!seen[$0]++' >"$work/dump.classlist"
  rm -f "$archive"
  # G1 (the launcher's collector) at dump time: JDK 17 archives heap objects, among them the boot
  # module graph, only with G1, and only a G1 run maps them (Create VM 38 -> 26 ms).
  if ! java -XX:+UseG1GC -Xshare:dump -XX:SharedClassListFile="$work/dump.classlist" \
      -XX:SharedArchiveFile="$archive" -Xlog:cds=error -cp "$jar" >"$work/dump.log" 2>&1; then
    echo "train-class-data: -Xshare:dump of $(basename "$archive") failed; the engine will start without it:" >&2
    tail -5 "$work/dump.log" >&2
    rm -f "$archive"
  fi
}

dump "$archive" "$java_home/lib/classlist" "$work"/*.classlist
for family in registry gate deploy; do
  rm -f "${jar%.jar}-$family.jsa"
  lists=("$work/$family"-*.classlist)
  [ -e "${lists[0]}" ] && dump "${jar%.jar}-$family.jsa" "${lists[@]}"
done
exit 0
