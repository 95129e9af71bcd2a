#!/bin/sh
# Host side of `deploy` and `rollback`: the critical section. Started detached (setsid) by
# launch.sh, so neither a dropped SSH connection nor a killed engine stops it half-way.
# Every value comes from params.sh, written by the engine with each value single-quoted.
# Lines starting with "@@NONCE " are protocol for the engine (NONCE: random, per run, from the
# engine); everything else is tool output, an "@@exit 0" printed by a hook or a container included.
set -u
trap '' HUP INT PIPE
RUN=$1
# shellcheck source=/dev/null
. "$RUN/params.sh"
STATE="$REMOTE_DIR/.inventiv"
# The lock itself is flock(1) on LOCK_FILE, held on descriptor 9 for the whole run: the kernel
# gives it to one process at a time and takes it back when that process is gone, so two runs
# can never both hold it. LOCK is only the holder's record (owner, pid, lease), written and
# removed by the holder alone.
LOCK_FILE="$STATE/lock.flock"
LOCK="$STATE/lock"
MAIN_PID=$$
STARTED_MS=$(date +%s%3N)
LOCKED=0
RENEWER=
# What the release services run once this run ends, recorded in the audit line (as the JSON's
# hosts[].running): a later `rollback` goes back from what runs, not from the last "ok".
RUNNING=previous

say() { printf '@@%s %s\n' "$NONCE" "$*"; }
now() { date +%s; }

# compose SECONDS ARGS...: the host's compose (compose.sh), under a timeout.
compose() {
  t=$1
  shift
  # shellcheck disable=SC2086 # COMPOSE_CMD is "docker compose" or "docker-compose": split on purpose
  timeout "$t" $COMPOSE_CMD -f "$COMPOSE_NAME" "$@"
}

# The copies of the rendered env and of the secrets this run made (the upload, the previous
# files): gone once the run ends, whatever its end. The live files and the kept releases stay.
SECRET_COPIES="files secrets previous registry-password"
scrub() {
  for f in $SECRET_COPIES; do rm -rf "${1:?}/$f"; done
}

finish() {
  code=$1
  if [ -n "$RENEWER" ]; then kill "$RENEWER" 2>/dev/null; wait "$RENEWER" 2>/dev/null; fi
  scrub "$RUN"
  if [ "$LOCKED" = 1 ]; then
    prune_runs
    # The record goes while the lock is still ours; the lock itself goes with descriptor 9 at exit.
    rm -rf "$LOCK"
  fi
  printf '%s\n' "$code" >"$RUN/exit.tmp" && mv -f "$RUN/exit.tmp" "$RUN/exit"
  say "elapsed $(( $(date +%s%3N) - STARTED_MS ))"
  say "exit $code"
  exit "$code"
}

# audit RESULT: one line in the audit log; "@@audit RESULT" only once the line is written.
audit() {
  service_list=$(printf '%s\n' "$RELEASE" | awk 'NF==3 {printf "%s%s=%s@%s", sep, $1, $2, $3; sep=","}')
  if printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$KIND" "$1" "$RELEASE_ID" \
    "$BUILD" "$(id -un)" "$ENVIRONMENT" "$service_list" "$RUNNING" >>"$STATE/audit.log"; then
    say "audit $1"
    return 0
  fi
  say "error cannot append to $STATE/audit.log (disk full?); this run is not recorded"
  say "audit failed"
  return 1
}

# Failure before the swap: put back the files this run replaced; nothing was restarted.
fail_before_swap() {
  say "error $*"
  restore_files || say "error cannot put the previous env and compose files back in $REMOTE_DIR; the host needs a look"
  audit failed
  finish 1
}

fail_after_swap() {
  say "error $*"
  if [ "$ROLLBACK_AUTO" = 1 ] && [ -f "$RUN/previous/env" ]; then
    say "step rollback"
    if ! restore_files; then
      say "error cannot put the previous env and compose files back in $REMOTE_DIR; the host needs a look"
      RUNNING=unknown
      audit rollback-failed
    elif compose "$UP_TIMEOUT" up -d --remove-orphans; then
      say "rolled back to the previous release"
      RUNNING=previous
      audit rolled-back
    else
      say "error the rollback's up -d failed too; the host needs a look"
      RUNNING=unknown
      audit rollback-failed
    fi
  else
    audit failed
  fi
  finish 1
}

# kill -0 fails with EPERM for another user's process: /proc still shows that it lives.
alive() {
  [ -n "$1" ] && { kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]; }
}

lock_info() {
  tr '\n' ' ' <"$LOCK/owner" 2>/dev/null || printf '%s' "another run (its record is not written yet)"
}

write_lease() {
  echo $(( $(now) + LEASE_SECONDS )) >"$LOCK/lease.tmp.$1" && mv -f "$LOCK/lease.tmp.$1" "$LOCK/lease"
}

# 0: this run holds the lock; 1: another run held it past LOCK_WAIT; 2: no lock could be taken.
acquire_lock() {
  command -v flock >/dev/null 2>&1 || { say "error flock is not installed on the host; install util-linux"; return 2; }
  # Made once and never removed (a lock file removed and made again lets two runs lock two
  # different files). Readable by all: flock needs only a descriptor open for reading, so a run
  # of another user (root's) waits on the same lock.
  if [ ! -e "$LOCK_FILE" ]; then
    : >>"$LOCK_FILE" && chmod 644 "$LOCK_FILE"
  fi
  # `command`: a failed redirection of a bare exec would end the script without a status.
  command exec 9<"$LOCK_FILE" || { say "error cannot open the lock file $LOCK_FILE as $(id -un)"; return 2; }
  if ! flock -n 9; then
    say "waiting up to ${LOCK_WAIT}s for the lock held by $(lock_info)"
    if ! flock -w "$LOCK_WAIT" 9; then
      say "lock-held $(lock_info)"
      exec 9<&-
      return 1
    fi
  fi
  LOCKED=1
  # A record left behind is a run killed before it could clean up (SIGKILL, a reboot): the
  # kernel gave its lock back; say whose it was.
  if [ -d "$LOCK" ]; then
    say "warn took over a stale lock (its run is gone): $(lock_info)"
    rm -rf "$LOCK"
  fi
  mkdir "$LOCK" || { say "error cannot write the lock record $LOCK"; return 2; }
  echo "$MAIN_PID" >"$LOCK/pid"
  write_lease main
  printf 'owner=%s\nbuild=%s\nrelease=%s\ntime=%s\npid=%s\n' "$(id -un)" "$BUILD" "$RELEASE_ID" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MAIN_PID" >"$LOCK/owner"
  # The lease tells whoever looks (status, a waiting run) that the holder still works: renewed
  # six times per lease (at most once a second) while this process lives. The renewer does not
  # keep descriptor 9: the lock goes with this process.
  renew_every=$(( LEASE_SECONDS / 6 ))
  [ "$renew_every" -ge 1 ] || renew_every=1
  ( while kill -0 "$MAIN_PID" 2>/dev/null && [ "$(cat "$LOCK/pid" 2>/dev/null)" = "$MAIN_PID" ]; do
      write_lease renew; sleep "$renew_every"
    done ) >/dev/null 2>&1 9<&- &
  RENEWER=$!
  return 0
}

# install_file FROM TO: a private copy next to TO, moved over it at once. Any failure (a full
# disk) removes the copy, leaves TO as it was and returns non-zero.
install_file() {
  tmp="$2.inventiv-tmp.$$"
  if cp "$1" "$tmp" && chmod 600 "$tmp" && mv -f "$tmp" "$2"; then return 0; fi
  rm -f "$tmp"
  return 1
}

# What an automatic rollback puts back, checked: a copy that could not be made stops the run
# before anything changes.
save_previous() {
  mkdir -p "$RUN/previous" || return 1
  if [ -f "$REMOTE_DIR/.env" ]; then cp -p "$REMOTE_DIR/.env" "$RUN/previous/env" || return 1; fi
  # The compose file the last good deploy ran, under the name it had then: the profile may have
  # renamed it since, and a rollback must bring back what ran, under the name compose now reads.
  last=$(cat "$STATE/compose-name" 2>/dev/null) || last=
  if [ -z "$last" ] || [ ! -f "$REMOTE_DIR/$last" ]; then last=$COMPOSE_NAME; fi
  if [ -f "$REMOTE_DIR/$last" ]; then cp -p "$REMOTE_DIR/$last" "$RUN/previous/compose" || return 1; fi
  return 0
}

restore_files() {
  restored=0
  if [ -f "$RUN/previous/env" ]; then install_file "$RUN/previous/env" "$REMOTE_DIR/.env" || restored=1; fi
  if [ -f "$RUN/previous/compose" ]; then install_file "$RUN/previous/compose" "$REMOTE_DIR/$COMPOSE_NAME" || restored=1; fi
  return "$restored"
}

# The files a later `rollback` redeploys: a release is recorded "ok" only once they are saved.
save_release() {
  dir="$STATE/releases/$RELEASE_ID"
  existed=0
  if [ -d "$dir" ]; then existed=1; fi
  if mkdir -p "$dir" && install_file "$REMOTE_DIR/.env" "$dir/env" && install_file "$REMOTE_DIR/$COMPOSE_NAME" "$dir/compose" \
    && printf '%s\n' "$COMPOSE_NAME" >"$STATE/compose-name.tmp" && mv -f "$STATE/compose-name.tmp" "$STATE/compose-name"; then
    return 0
  fi
  # Half a release is no release: a rollback must never find it.
  if [ "$existed" = 0 ]; then rm -rf "$dir"; fi
  rm -f "$STATE/compose-name.tmp"
  return 1
}

run_hook() {
  name=$1
  hook=$2
  [ -n "$hook" ] || return 0
  say "step $name"
  # Without descriptor 9: a process the hook leaves behind must not keep the lock.
  ( cd "$REMOTE_DIR" && timeout "$HOOK_TIMEOUT" sh -c "$hook" ) 9<&-
}

health_ok() {
  case "$HEALTH_CHECK" in
    http://*|https://*)
      if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null --max-time 5 -- "$HEALTH_CHECK"
      else wget -q -O /dev/null -T 5 -- "$HEALTH_CHECK"; fi ;;
    *) ( cd "$REMOTE_DIR" && timeout 30 sh -c "$HEALTH_CHECK" ) 9<&- ;;
  esac
}

# The project's service containers, stopped ones too (COMPOSE_PS_ALL: compose.sh).
project_containers() {
  compose 60 ps ${COMPOSE_PS_ALL:+"$COMPOSE_PS_ALL"} -q
}

# Each release service must run, from an image whose repo digests include the promoted one.
# One compose call lists the project's containers; docker inspect reads them all at once.
verify_release() {
  ids=$(project_containers 2>/dev/null)
  # shellcheck disable=SC2086 # one word per container id
  rows=$(if [ -n "$ids" ]; then docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Running}} {{.Image}} {{.Config.Image}} {{index .Config.Labels "com.docker.compose.oneoff"}}' $ids \
    | awk '$5 != "True" {print $1, $2, $3, $4}'; fi)
  ok=0
  for line in $(printf '%s\n' "$RELEASE" | awk 'NF==3 {print $1 "|" $2 "@" $3}'); do
    svc=${line%%|*}
    want=${line#*|}
    row=$(printf '%s\n' "$rows" | awk -v s="$svc" '$1 == s {print $2 " " $3 " " $4; exit}')
    if [ -z "$row" ]; then say "error service $svc has no container"; ok=1; continue; fi
    read -r running image_id image_ref <<ROW
$row
ROW
    if [ "$running" != true ]; then say "error service $svc is not running"; ok=1; continue; fi
    digests=$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$image_id")
    if printf '%s\n' "$digests" | grep -qxF "$want"; then
      say "verified $svc $want"
    else
      # Name what runs instead: the reference compose used and the digests its image is known by.
      say "error service $svc runs $image_ref (digests: $(printf '%s' "$digests" | tr '\n' ' ' | sed 's/ *$//;s/^$/none/')), not the promoted $want"; ok=1
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

# Run directories, like releases: the last KEEP_RELEASES runs (at least two: the run that just
# ended may still have its launch.sh reading its status) keep their log and status, this one
# included; older ones go. A run still going (waiting for the lock) or still being launched (no
# pid yet) is left alone; a run killed before its end loses its secret copies too.
prune_runs() {
  keep_runs=$KEEP_RELEASES
  [ "$keep_runs" -ge 2 ] || keep_runs=2
  kept=1
  find "$STATE/runs" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%T@ %f\n' 2>/dev/null | sort -rn |
    while read -r _ name; do
      dir="$STATE/runs/$name"
      [ "$dir" != "$RUN" ] || continue
      if [ ! -f "$dir/exit" ]; then
        [ -f "$dir/pid" ] || continue
        ! alive "$(cat "$dir/pid" 2>/dev/null)" || continue
      fi
      scrub "$dir"
      kept=$((kept + 1))
      [ "$kept" -le "$keep_runs" ] || rm -rf "$dir"
    done
  # An upload cut off mid-way, a run directory being replaced: named after their launch.sh's pid.
  for dir in "$STATE"/runs/.part.* "$STATE"/runs/.old.*; do
    [ -d "$dir" ] || continue
    alive "${dir##*.}" || rm -rf "$dir"
  done
  return 0
}

say "host-run $MAIN_PID $KIND $RELEASE_ID"
mkdir -p "$STATE" || finish 1
acquire_lock
case $? in
  0) ;;
  1) finish 3 ;;
  *) finish 1 ;;
esac

say "step checks"
command -v docker >/dev/null 2>&1 || { say "error docker is not installed on the host (no docker on $(id -un)'s PATH $PATH); install the docker.io package (bootstrap does)"; audit failed; finish 1; }
docker info >/dev/null 2>&1 || { say "error docker does not answer for $(id -un); is the daemon running and the user in the docker group?"; audit failed; finish 1; }
[ -n "$COMPOSE_VERSION" ] || { say "error neither 'docker compose' nor 'docker-compose' is installed; install the docker-compose-v2 or docker-compose package (bootstrap does)"; audit failed; finish 1; }
say "compose v$COMPOSE_VERSION"
{ [ -d "$REMOTE_DIR" ] && [ -w "$REMOTE_DIR" ]; } || { say "error $REMOTE_DIR is not a writable directory; run bootstrap"; audit failed; finish 1; }
if [ -n "$SECRETS_DIR" ]; then
  { mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"; } || { say "error cannot prepare $SECRETS_DIR"; audit failed; finish 1; }
fi

if [ -f "$RUN/registry-password" ]; then
  say "step registry-login"
  docker login --username "$REGISTRY_USER" --password-stdin "$REGISTRY" <"$RUN/registry-password" >/dev/null \
    || { rm -f "$RUN/registry-password"; say "error docker login to $REGISTRY failed"; audit failed; finish 1; }
  rm -f "$RUN/registry-password"
fi

say "step upload"
if [ "$KIND" = rollback ]; then SOURCE="$STATE/releases/$RELEASE_ID"; else SOURCE="$RUN/files"; fi
{ [ -f "$SOURCE/env" ] && [ -f "$SOURCE/compose" ]; } || { say "error release files missing in $SOURCE"; audit failed; finish 1; }
save_previous || { say "error cannot save the previous env and compose files in $RUN/previous (disk full?); nothing was changed"; audit failed; finish 1; }
if ! install_file "$SOURCE/env" "$REMOTE_DIR/.env" || ! install_file "$SOURCE/compose" "$REMOTE_DIR/$COMPOSE_NAME"; then
  fail_before_swap "cannot write the env or compose file in $REMOTE_DIR"
fi
if [ -n "$SECRETS_DIR" ] && [ -d "$RUN/secrets" ]; then
  for f in "$RUN"/secrets/*; do
    [ -f "$f" ] || continue
    install_file "$f" "$SECRETS_DIR/${f##*/}" || fail_before_swap "cannot write ${f##*/} in $SECRETS_DIR"
  done
fi

run_hook pre-deploy "$PRE_DEPLOY_HOOK" || fail_before_swap "the pre-deploy hook failed"

cd "$REMOTE_DIR" || fail_before_swap "cannot enter $REMOTE_DIR"
say "step pull"
# shellcheck disable=SC2086 # release service names, one word each (checked by the engine)
compose "$PULL_TIMEOUT" pull $SERVICES || fail_before_swap "compose pull failed"

run_hook cert "$CERT_HOOK" || fail_before_swap "the certificate hook failed"

say "step up"
RUNNING=new
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

if ! save_release; then
  # The new release runs, but a rollback could not bring it back: not "ok".
  say "error cannot save the release's env and compose files in $STATE/releases/$RELEASE_ID (disk full?); the new release runs but is not recorded as one a rollback can return to"
  audit failed
  finish 1
fi
audit ok || finish 1
say "step prune"
prune_images
finish 0
