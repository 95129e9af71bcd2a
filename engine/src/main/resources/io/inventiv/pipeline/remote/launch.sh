# Runs over the SSH connection as `sh -c THIS launch STATE_DIR RUN_ID`, with the upload (a tar
# of deploy.sh, params.sh, the files and secrets) on stdin. Starts the host-side run detached
# (setsid), or re-attaches to the same run when it is still going, then streams its log until
# it ends and prints its exit status. Killing this script (or the connection) leaves the run
# going: only the log stream stops.
set -u
state=$1
id=$2
umask 077
if ! mkdir -p "$state/runs"; then
  echo "@@error ${state%/*} is not writable by $(id -un) (cannot create $state/runs); run bootstrap, which creates it owned by the deploy user"
  echo "@@exit 1"
  exit 1
fi
run="$state/runs/$id"
alive() { [ -f "$run/pid" ] && [ ! -f "$run/exit" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null; }
if alive; then
  cat >/dev/null
  echo "@@attach $(cat "$run/pid")"
else
  part="$state/runs/.part.$id.$$"
  rm -rf "$part"
  # The upload lands in a private directory first: an interrupted transfer leaves no trace
  # in the live files, which the host-side run replaces only after it holds the lock.
  if ! mkdir "$part" || ! tar -x --no-same-owner -f - -C "$part" || [ ! -f "$part/upload-complete" ]; then
    rm -rf "$part"
    echo "@@error the upload did not complete; nothing was changed"
    echo "@@exit 1"
    exit 1
  fi
  if [ -d "$run" ]; then
    old="$state/runs/.old.$id.$$"
    mv "$run" "$old" && rm -rf "$old"
  fi
  if ! mv -T "$part" "$run" 2>/dev/null; then
    rm -rf "$part"
    echo "@@error another engine started this release at the same moment; rerun to attach to it"
    echo "@@exit 1"
    exit 1
  fi
  : >"$run/log"
  setsid sh "$run/deploy.sh" "$run" </dev/null >>"$run/log" 2>&1 &
  echo $! >"$run/pid"
  echo "@@started $!"
fi
tail -n +1 -s 0.1 -f --pid="$(cat "$run/pid")" "$run/log"
if [ -f "$run/exit" ]; then
  exit 0
fi
echo "@@error the host-side run ended without a status (killed on the host?)"
echo "@@exit 1"
