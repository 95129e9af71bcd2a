# `sh -c THIS logs REMOTE_DIR COMPOSE_NAME SERVICE TAIL`: the service's recent logs.
set -u
cd "$1" || { echo "no such directory: $1" >&2; exit 1; }
if docker compose version >/dev/null 2>&1; then exec docker compose -f "$2" logs --no-color --tail "$4" -- "$3"
elif command -v docker-compose >/dev/null 2>&1; then exec docker-compose -f "$2" logs --no-color --tail "$4" "$3"
else echo "neither docker compose nor docker-compose is installed" >&2; exit 1; fi
