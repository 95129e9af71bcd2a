#!/bin/sh
# Runs over the SSH connection as `sh -c THIS launch STATE_DIR RUN_ID NONCE`, with the upload (a tar
# of deploy.sh, params.sh, the files and secrets) on stdin. Starts the host-side run detached
# (setsid), or re-attaches to the same run when it is still going, then streams its log until
# it ends and prints its exit status. Killing this script (or the connection) leaves the run
# going: only the log stream stops. Protocol lines start with "@@NONCE " (the engine's, per run).
set -u
state=$1
id=$2
nonce=$3
umask 077
say() { printf '@@%s %s\n' "$nonce" "$*"; }
if ! mkdir -p "$state/runs"; then
  say "error ${state%/*} is not writable by $(id -un) (cannot create $state/runs); run bootstrap, which creates it owned by the deploy user"
  say "exit 1"
  exit 1
fi
run="$state/runs/$id"
alive() { [ -f "$run/pid" ] && [ ! -f "$run/exit" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null; }
if alive; then
  cat >/dev/null
  # The run speaks with the nonce of the engine that started it: tell this engine which one.
  say "attach $(cat "$run/pid") $(sed -n "s/^NONCE='\([0-9a-f]*\)'\$/\1/p" "$run/params.sh")"
else
  part="$state/runs/.part.$id.$$"
  rm -rf "$part"
  # The upload lands in a private directory first: an interrupted transfer leaves no trace
  # in the live files, which the host-side run replaces only after it holds the lock.
  if ! mkdir "$part" || ! tar -x --no-same-owner -f - -C "$part" || [ ! -f "$part/upload-complete" ]; then
    rm -rf "$part"
    say "error the upload did not complete; nothing was changed"
    say "exit 1"
    exit 1
  fi
  if [ -d "$run" ]; then
    old="$state/runs/.old.$id.$$"
    mv "$run" "$old" && rm -rf "$old"
  fi
  if ! mv -T "$part" "$run" 2>/dev/null; then
    rm -rf "$part"
    say "error another engine started this release at the same moment; rerun to attach to it"
    say "exit 1"
    exit 1
  fi
  : >"$run/log"
  setsid sh "$run/deploy.sh" "$run" </dev/null >>"$run/log" 2>&1 &
  echo $! >"$run/pid"
  say "started $!"
fi
tail -n +1 -s 0.1 -f --pid="$(cat "$run/pid")" "$run/log"
if [ -f "$run/exit" ]; then
  exit 0
fi
say "error the host-side run ended without a status (killed on the host?)"
say "exit 1"
