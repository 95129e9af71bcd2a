#!/bin/sh
# `sh -c THIS plan REMOTE_DIR COMPOSE_NAME RELEASE_ID SECRETS_DIR`, a salt on stdin: what the host
# has now, for `deploy --plan` and `rollback --plan`, as "@@" lines for the engine. Reads only: no
# lock, no file written, no pull. With a RELEASE_ID (a rollback) it also reads that kept release's
# files; with a SECRETS_DIR (a deploy with secret files) the files there.
# Env values never leave the host: each goes out as sha256(salt LF value), with a salt the engine
# makes fresh for every plan, so the engine can tell "changed" from "unchanged" and nothing more.
set -u
dir=$1
compose_name=$2
release=${3:-}
secrets_dir=${4:-}
state="$dir/.inventiv"
IFS= read -r salt || salt=

# env_hashes TAG FILE: "@@TAG KEY HASH" for each KEY=VALUE line (blank lines, comments skipped).
# printf is a shell builtin: a value never appears in a process's arguments.
env_hashes() {
  if [ ! -e "$2" ]; then printf '@@%s-none\n' "$1"; return 0; fi
  if [ ! -r "$2" ]; then printf '@@%s-unreadable\n' "$1"; return 0; fi
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '' | '#'*) continue ;;
      *=*) ;;
      *) continue ;;
    esac
    hash=$(printf '%s\n%s' "$salt" "${line#*=}" | sha256sum)
    printf '@@%s %s %s\n' "$1" "${line%%=*}" "${hash%% *}"
  done <"$2"
}

# file_hash TAG FILE: "@@TAG HASH", or "@@TAG none" when there is no such file.
file_hash() {
  if [ -f "$2" ]; then
    hash=$(sha256sum <"$2")
    printf '@@%s %s\n' "$1" "${hash%% *}"
  else
    printf '@@%s none\n' "$1"
  fi
}

if ! command -v docker >/dev/null 2>&1; then echo "@@docker none"
elif ! docker info >/dev/null 2>&1; then echo "@@docker unreachable"
else echo "@@docker ok"; fi

# The compose file the last good deploy ran, under the name it had then (as deploy.sh saves it).
running_compose=$(cat "$state/compose-name" 2>/dev/null) || running_compose=
{ [ -n "$running_compose" ] && [ -f "$dir/$running_compose" ]; } || running_compose=$compose_name

# Each service container of the compose project (one-off `run` containers dropped by label):
# "@@container SERVICE RUNNING DIGESTS" with the repo digests its image is known by.
if [ -f "$dir/$running_compose" ] && [ -n "$COMPOSE_VERSION" ] && cd "$dir"; then
  for id in $($COMPOSE_CMD -f "$running_compose" ps ${COMPOSE_PS_ALL:+"$COMPOSE_PS_ALL"} -q 2>/dev/null); do
    docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Running}} {{.Image}} {{index .Config.Labels "com.docker.compose.oneoff"}}' "$id" 2>/dev/null \
      | while read -r svc running image oneoff; do
          [ "$oneoff" = True ] && continue
          digests=$(docker image inspect -f '{{join .RepoDigests ","}}' "$image" 2>/dev/null)
          printf '@@container %s %s %s\n' "$svc" "$running" "${digests:--}"
        done
  done
fi

env_hashes env "$dir/.env"
file_hash compose "$dir/$running_compose"
if [ -f "$state/audit.log" ]; then
  # The release that runs now: the last line that left its release running (field 9, as
  # AuditEntry reads it; a line without it: "ok" only).
  current=$(awk -F '\t' '($9 == "" && $3 == "ok") || ($9 != "" && $9 != "previous")' "$state/audit.log" | tail -n 1)
  [ -n "$current" ] && printf '@@current %s\n' "$current"
fi
if [ -n "$secrets_dir" ] && [ -d "$secrets_dir" ]; then
  for f in "$secrets_dir"/*; do
    [ -f "$f" ] || continue
    if [ -r "$f" ]; then
      hash=$({ printf '%s\n' "$salt"; cat "$f"; } | sha256sum)
      printf '@@secret-file %s %s\n' "${f##*/}" "${hash%% *}"
    else
      printf '@@warn secret file %s is not readable by %s\n' "${f##*/}" "$(id -un)"
    fi
  done
fi
if [ -n "$release" ]; then
  if [ -f "$state/releases/$release/env" ] && [ -f "$state/releases/$release/compose" ]; then
    env_hashes next-env "$state/releases/$release/env"
    file_hash next-compose "$state/releases/$release/compose"
  else
    echo "@@release-missing"
  fi
fi
exit 0
