#!/bin/sh
# `sh -c THIS status REMOTE_DIR COMPOSE_NAME AUDIT_LINES`: what runs in the compose project,
# the lock, and the last audit lines, as "@@" lines for the engine. Changes nothing.
set -u
dir=$1
compose_name=$2
lines=$3
echo "@@host $(hostname) $(id -un)"
echo "@@compose ${COMPOSE_VERSION:+v}${COMPOSE_VERSION:-none}"
if ! command -v docker >/dev/null 2>&1; then echo "@@docker none"
elif ! docker info >/dev/null 2>&1; then echo "@@docker unreachable"
else echo "@@docker ok"; fi
if [ -f "$dir/$compose_name" ] && [ -n "$COMPOSE_VERSION" ]; then
  cd "$dir" || exit 1
  # Stopped service containers too (COMPOSE_PS_ALL); one-off `run` containers dropped by label.
  # shellcheck disable=SC2086 # COMPOSE_CMD is "docker compose" or "docker-compose": split on purpose
  for id in $($COMPOSE_CMD -f "$compose_name" ps ${COMPOSE_PS_ALL:+"$COMPOSE_PS_ALL"} -q 2>/dev/null); do
    docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.Id}} {{.State.Status}} {{.Config.Image}} {{.Image}} {{index .Config.Labels "com.docker.compose.oneoff"}}' "$id" 2>/dev/null \
      | while read -r svc cid state image imageid oneoff; do
          [ "$oneoff" = True ] && continue
          digests=$(docker image inspect -f '{{join .RepoDigests ","}}' "$imageid" 2>/dev/null)
          echo "@@container $svc $cid $state $image ${digests:--}"
        done
  done
fi
# The holder's record (deploy.sh): shown while its run lives; a record left by a killed run is no lock.
holder=$(cat "$dir/.inventiv/lock/pid" 2>/dev/null)
if [ -n "$holder" ] && { kill -0 "$holder" 2>/dev/null || [ -d "/proc/$holder" ]; }; then
  echo "@@lock $(tr '\n' ' ' <"$dir/.inventiv/lock/owner" 2>/dev/null)"
fi
if [ -f "$dir/.inventiv/audit.log" ]; then
  tail -n "$lines" "$dir/.inventiv/audit.log" | while IFS= read -r l; do echo "@@audit $l"; done
fi
exit 0
