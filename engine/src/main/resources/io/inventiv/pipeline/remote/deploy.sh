# Host side of `deploy` and `rollback`: the critical section. Started detached (setsid) by
# launch.sh, so neither a dropped SSH connection nor a killed engine stops it half-way.
# Every value comes from params.sh, written by the engine with each value single-quoted.
# Lines starting with "@@" are protocol for the engine; everything else is tool output.
set -u
trap '' HUP INT PIPE
RUN=$1
. "$RUN/params.sh"
STATE="$REMOTE_DIR/.inventiv"
LOCK="$STATE/lock"
MAIN_PID=$$
STARTED_MS=$(date +%s%3N)
LOCKED=0
RENEWER=
SWAPPED=0
RESULT=failed

say() { printf '@@%s\n' "$*"; }
now() { date +%s; }

# compose SECONDS ARGS...: the host's compose (compose.sh), under a timeout. COMPOSE_CMD is one of
# two fixed values, so splitting it into words is safe.
compose() {
  t=$1
  shift
  timeout "$t" $COMPOSE_CMD -f "$COMPOSE_NAME" "$@"
}

finish() {
  code=$1
  if [ -n "$RENEWER" ]; then kill "$RENEWER" 2>/dev/null; wait "$RENEWER" 2>/dev/null; fi
  # Release only a lock this run holds: a lock taken over from us is someone else's now.
  if [ "$LOCKED" = 1 ] && [ "$(cat "$LOCK/pid" 2>/dev/null)" = "$MAIN_PID" ]; then rm -rf "$LOCK"; fi
  rm -f "$RUN/registry-password"
  printf '%s\n' "$code" >"$RUN/exit.tmp" && mv -f "$RUN/exit.tmp" "$RUN/exit"
  say "elapsed $(( $(date +%s%3N) - STARTED_MS ))"
  say "exit $code"
  exit "$code"
}

audit() {
  services=$(printf '%s\n' "$RELEASE" | awk 'NF==3 {printf "%s%s=%s@%s", sep, $1, $2, $3; sep=","}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$KIND" "$1" "$RELEASE_ID" \
    "$BUILD" "$(id -un)" "$ENVIRONMENT" "$services" >>"$STATE/audit.log"
  say "audit $1"
}

# Failure before the swap: put back the files this run replaced; nothing was restarted.
fail_before_swap() {
  say "error $*"
  restore_files
  audit failed
  finish 1
}

fail_after_swap() {
  say "error $*"
  if [ "$ROLLBACK_AUTO" = 1 ] && [ -f "$RUN/previous/env" ]; then
    say "step rollback"
    restore_files
    if compose "$UP_TIMEOUT" up -d --remove-orphans; then
      say "rolled back to the previous release"
      audit rolled-back
    else
      say "error the rollback's up -d failed too; the host needs a look"
      audit rollback-failed
    fi
  else
    audit failed
  fi
  finish 1
}

# kill -0 fails with EPERM for another user's process: /proc still shows that it lives.
alive() {
  kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]
}

lock_info() {
  tr '\n' ' ' <"$LOCK/owner" 2>/dev/null
}

write_lease() {
  echo $(( $(now) + LEASE_SECONDS )) >"$LOCK/lease.tmp.$1" && mv -f "$LOCK/lease.tmp.$1" "$LOCK/lease"
}

acquire_lock() {
  deadline=$(( $(now) + LOCK_WAIT ))
  waiting=0
  while :; do
    if mkdir "$LOCK" 2>/dev/null; then
      LOCKED=1
      echo "$MAIN_PID" >"$LOCK/pid"
      write_lease main
      printf 'owner=%s\nbuild=%s\nrelease=%s\ntime=%s\npid=%s\n' "$(id -un)" "$BUILD" "$RELEASE_ID" \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MAIN_PID" >"$LOCK/owner"
      # The lease says "still working"; it stops being renewed when this process is gone.
      # Six renewals per lease (at most one a second), so a late one or two never let it expire.
      renew_every=$(( LEASE_SECONDS / 6 ))
      [ "$renew_every" -ge 1 ] || renew_every=1
      ( while kill -0 "$MAIN_PID" 2>/dev/null && [ "$(cat "$LOCK/pid" 2>/dev/null)" = "$MAIN_PID" ]; do
          write_lease renew; sleep "$renew_every"
        done ) >/dev/null 2>&1 &
      RENEWER=$!
      return 0
    fi
    holder=$(cat "$LOCK/pid" 2>/dev/null)
    # A lock dir still being filled in has no lease yet: its age stands in for one.
    lease=$(cat "$LOCK/lease" 2>/dev/null || echo $(( $(stat -c %Y "$LOCK" 2>/dev/null || now) + LEASE_SECONDS )))
    if [ "$(now)" -gt "${lease:-0}" ] && { [ -z "$holder" ] || ! alive "$holder"; }; then
      stale="$STATE/lock.stale.$$"
      if mv "$LOCK" "$stale" 2>/dev/null; then
        say "warn took over a stale lock (lease expired, process gone): $(tr '\n' ' ' <"$stale/owner" 2>/dev/null)"
        rm -rf "$stale"
      fi
      continue
    fi
    if [ "$(now)" -ge "$deadline" ]; then
      say "lock-held $(lock_info)"
      return 1
    fi
    if [ "$waiting" = 0 ]; then
      say "waiting up to ${LOCK_WAIT}s for the lock held by $(lock_info)"
      waiting=1
    fi
    sleep 1
  done
}

install_file() {
  tmp="$2.inventiv-tmp.$$"
  cp "$1" "$tmp" && chmod 600 "$tmp" && mv -f "$tmp" "$2"
}

save_previous() {
  mkdir -p "$RUN/previous"
  [ -f "$REMOTE_DIR/.env" ] && cp -p "$REMOTE_DIR/.env" "$RUN/previous/env"
  # The compose file the last good deploy ran, under the name it had then: the profile may have
  # renamed it since, and a rollback must bring back what ran, under the name compose now reads.
  last=$(cat "$STATE/compose-name" 2>/dev/null) || last=
  { [ -n "$last" ] && [ -f "$REMOTE_DIR/$last" ]; } || last=$COMPOSE_NAME
  [ -f "$REMOTE_DIR/$last" ] && cp -p "$REMOTE_DIR/$last" "$RUN/previous/compose"
  return 0
}

restore_files() {
  [ -f "$RUN/previous/env" ] && install_file "$RUN/previous/env" "$REMOTE_DIR/.env"
  [ -f "$RUN/previous/compose" ] && install_file "$RUN/previous/compose" "$REMOTE_DIR/$COMPOSE_NAME"
  return 0
}

run_hook() {
  name=$1
  hook=$2
  [ -n "$hook" ] || return 0
  say "step $name"
  ( cd "$REMOTE_DIR" && timeout "$HOOK_TIMEOUT" sh -c "$hook" )
}

health_ok() {
  case "$HEALTH_CHECK" in
    http://*|https://*)
      if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null --max-time 5 -- "$HEALTH_CHECK"
      else wget -q -O /dev/null -T 5 -- "$HEALTH_CHECK"; fi ;;
    *) ( cd "$REMOTE_DIR" && timeout 30 sh -c "$HEALTH_CHECK" ) ;;
  esac
}

# The project's service containers, stopped ones too (COMPOSE_PS_ALL: compose.sh).
project_containers() {
  compose 60 ps $COMPOSE_PS_ALL -q
}

# Each release service must run, from an image whose repo digests include the promoted one.
# One compose call lists the project's containers; docker inspect reads them all at once.
verify_release() {
  ids=$(project_containers 2>/dev/null)
  rows=$(if [ -n "$ids" ]; then docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Running}} {{.Image}} {{.Config.Image}} {{index .Config.Labels "com.docker.compose.oneoff"}}' $ids \
    | awk '$5 != "True" {print $1, $2, $3, $4}'; fi)
  ok=0
  for line in $(printf '%s\n' "$RELEASE" | awk 'NF==3 {print $1 "|" $2 "@" $3}'); do
    svc=${line%%|*}
    want=${line#*|}
    row=$(printf '%s\n' "$rows" | awk -v s="$svc" '$1 == s {print $2 " " $3 " " $4; exit}')
    if [ -z "$row" ]; then say "error service $svc has no container"; ok=1; continue; fi
    set -- $row
    if [ "$1" != true ]; then say "error service $svc is not running"; ok=1; continue; fi
    digests=$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$2")
    if printf '%s\n' "$digests" | grep -qxF "$want"; then
      say "verified $svc $want"
    else
      # Name what runs instead: the reference compose used and the digests its image is known by.
      say "error service $svc runs $3 (digests: $(printf '%s' "$digests" | tr '\n' ' ' | sed 's/ *$//;s/^$/none/')), not the promoted $want"; ok=1
    fi
  done
  return $ok
}

prune_images() {
  keep=$(awk -F '\t' '$3 == "ok" {print $8}' "$STATE/audit.log" 2>/dev/null | tail -n "$KEEP_RELEASES" | tr ',' '\n' | sed 's/^[^=]*=//')
  keep=$(printf '%s\n%s\n' "$keep" "$(printf '%s\n' "$RELEASE" | awk 'NF==3 {print $2 "@" $3}')")
  for repo in $(printf '%s\n' "$RELEASE" | awk 'NF==3 {print $2}' | sort -u); do
    docker image ls --digests --format '{{.Repository}}@{{.Digest}}' "$repo" 2>/dev/null | while read -r ref; do
      case "$ref" in *'@<none>') continue ;; esac
      if ! printf '%s\n' "$keep" | grep -qxF "$ref"; then
        docker image rm "$ref" >/dev/null 2>&1 && say "pruned $ref"
      fi
    done
  done
  releases_kept=$(awk -F '\t' '$3 == "ok" {print $4}' "$STATE/audit.log" 2>/dev/null | tail -n "$KEEP_RELEASES")
  for dir in "$STATE"/releases/*; do
    [ -d "$dir" ] || continue
    printf '%s\n%s\n' "$releases_kept" "$RELEASE_ID" | grep -qxF "${dir##*/}" || rm -rf "$dir"
  done
  return 0
}

say "host-run $MAIN_PID $KIND $RELEASE_ID"
mkdir -p "$STATE" || finish 1
acquire_lock || finish 3

say "step checks"
command -v docker >/dev/null 2>&1 || { say "error docker is not installed on the host (no docker on $(id -un)'s PATH $PATH); install the docker.io package (bootstrap does)"; audit failed; finish 1; }
docker info >/dev/null 2>&1 || { say "error docker does not answer for $(id -un); is the daemon running and the user in the docker group?"; audit failed; finish 1; }
[ -n "$COMPOSE_VERSION" ] || { say "error neither 'docker compose' nor 'docker-compose' is installed; install the docker-compose-v2 or docker-compose package (bootstrap does)"; audit failed; finish 1; }
say "compose v$COMPOSE_VERSION"
[ -d "$REMOTE_DIR" ] && [ -w "$REMOTE_DIR" ] || { say "error $REMOTE_DIR is not a writable directory; run bootstrap"; audit failed; finish 1; }
if [ -n "$SECRETS_DIR" ]; then
  mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR" || { say "error cannot prepare $SECRETS_DIR"; audit failed; finish 1; }
fi

if [ -f "$RUN/registry-password" ]; then
  say "step registry-login"
  docker login --username "$REGISTRY_USER" --password-stdin "$REGISTRY" <"$RUN/registry-password" >/dev/null \
    || { rm -f "$RUN/registry-password"; say "error docker login to $REGISTRY failed"; audit failed; finish 1; }
  rm -f "$RUN/registry-password"
fi

say "step upload"
if [ "$KIND" = rollback ]; then SOURCE="$STATE/releases/$RELEASE_ID"; else SOURCE="$RUN/files"; fi
[ -f "$SOURCE/env" ] && [ -f "$SOURCE/compose" ] || { say "error release files missing in $SOURCE"; audit failed; finish 1; }
save_previous
install_file "$SOURCE/env" "$REMOTE_DIR/.env" && install_file "$SOURCE/compose" "$REMOTE_DIR/$COMPOSE_NAME" \
  || fail_before_swap "cannot write the env or compose file in $REMOTE_DIR"
if [ -n "$SECRETS_DIR" ] && [ -d "$RUN/secrets" ]; then
  for f in "$RUN"/secrets/*; do
    [ -f "$f" ] || continue
    install_file "$f" "$SECRETS_DIR/${f##*/}" || fail_before_swap "cannot write ${f##*/} in $SECRETS_DIR"
  done
fi

run_hook pre-deploy "$PRE_DEPLOY_HOOK" || fail_before_swap "the pre-deploy hook failed"

cd "$REMOTE_DIR" || fail_before_swap "cannot enter $REMOTE_DIR"
say "step pull"
compose "$PULL_TIMEOUT" pull $SERVICES || fail_before_swap "compose pull failed"

run_hook cert "$CERT_HOOK" || fail_before_swap "the certificate hook failed"

say "step up"
SWAPPED=1
compose "$UP_TIMEOUT" up -d --remove-orphans || fail_after_swap "compose up -d failed"

say "step verify"
verify_release || fail_after_swap "a release service does not run the promoted digest"

if [ -n "$HEALTH_CHECK" ]; then
  say "step health"
  deadline=$(( $(now) + HEALTH_TIMEOUT ))
  until health_ok; do
    if [ "$(now)" -ge "$deadline" ]; then fail_after_swap "health check failed for ${HEALTH_TIMEOUT}s"; fi
    sleep 1
  done
fi

mkdir -p "$STATE/releases/$RELEASE_ID"
install_file "$REMOTE_DIR/.env" "$STATE/releases/$RELEASE_ID/env"
install_file "$REMOTE_DIR/$COMPOSE_NAME" "$STATE/releases/$RELEASE_ID/compose"
printf '%s\n' "$COMPOSE_NAME" >"$STATE/compose-name"
audit ok
say "step prune"
prune_images
finish 0
