#!/bin/sh
# `sh -c THIS logs REMOTE_DIR COMPOSE_NAME SERVICE TAIL`: the service's recent logs.
set -u
cd "$1" || { echo "no such directory: $1" >&2; exit 1; }
[ -n "$COMPOSE_VERSION" ] || { echo "neither docker compose nor docker-compose is installed" >&2; exit 1; }
# shellcheck disable=SC2086 # COMPOSE_CMD is "docker compose" or "docker-compose": split on purpose
exec $COMPOSE_CMD -f "$2" logs --no-color --tail "$4" "$3"
