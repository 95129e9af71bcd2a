# shellcheck shell=bash
# Starts the real services the demo runs against, each on a free loopback port, all under one
# state directory; `services_stop` stops them by PID. Sourced by scripts/demo.
# Each start_* sets the variables the demo needs: REGISTRY, DOCKER_HOST, SSH_PORT, SSH_HOST_KEY.

# A port below the kernel's ephemeral range (outgoing connections take those, and a port one of
# them holds cannot be bound) on which nothing listens. Another process may still take it before
# we bind it: the start_* functions try again on a new port.
free_port() {
  local low p
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  while :; do
    p=$(( 10000 + RANDOM % (low - 10000) ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# wait_port PORT SECONDS [PID]: until something listens on PORT; fails early when PID has exited.
wait_port() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      echo "the process meant to listen on 127.0.0.1:$1 has exited" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after $2 s" >&2
  return 1
}

# registry STATE: a plain-http registry on loopback (docker and the engine allow http there).
start_registry() {
  local state=$1 port attempt
  mkdir -p "$state/registry"
  for attempt in 1 2 3; do
    port=$(free_port)
    cat >"$state/registry/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $state/registry/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YAML
    docker-registry serve "$state/registry/config.yml" >>"$state/registry/log" 2>&1 &
    echo $! >"$state/registry/pid"
    if wait_port "$port" 20 "$(cat "$state/registry/pid")"; then
      # shellcheck disable=SC2034 # for the script that sources this file
      REGISTRY="127.0.0.1:$port"
      return 0
    fi
    stop_pid "$state/registry/pid" 5
  done
  echo "the registry did not start; see $state/registry/log" >&2
  return 1
}

# dockerd with its own roots, vfs storage and no network setup (containers use network none).
# Its roots live under a short /tmp path: the socket path must stay under 108 bytes.
start_dockerd() {
  local state=$1 d
  d=$(mktemp -d /tmp/dkdemo.XXXX)
  echo "$d" >"$state/dockerd.dir"
  dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid" -H "unix://$d/docker.sock" \
    --storage-driver vfs --iptables=false --ip6tables=false --bridge=none >"$state/dockerd.log" 2>&1 &
  echo $! >"$state/dockerd.pid"
  DOCKER_HOST="unix://$d/docker.sock"
  local i
  for ((i = 0; i < 120; i++)); do
    /usr/bin/docker -H "$DOCKER_HOST" version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "dockerd did not start; see $state/dockerd.log" >&2
  return 1
}

# sshd on loopback accepting one key for root. Its sessions reach our dockerd (DOCKER_HOST),
# keep their registry logins in the state dir (DOCKER_CONFIG, not root's ~/.docker), and find
# Debian's docker and docker-compose first (PATH), as on a VM set up from distribution packages.
start_sshd() {
  local state=$1 port
  mkdir -p "$state/ssh" "$state/host/docker-config" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -C demo-host -f "$state/ssh/host_key"
  ssh-keygen -q -t ed25519 -N '' -C demo-deploy -f "$state/ssh/deploy_key"
  cp "$state/ssh/deploy_key.pub" "$state/ssh/authorized_keys"
  local attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    cat >"$state/ssh/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $state/ssh/host_key
AuthorizedKeysFile $state/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PidFile none
LogLevel VERBOSE
SetEnv DOCKER_HOST=$DOCKER_HOST DOCKER_CONFIG=$state/host/docker-config PATH=/usr/sbin:/usr/bin:/sbin:/bin
CFG
    # -D (no fork) gives us its PID at once, so a port taken meanwhile is seen as it exits.
    /usr/sbin/sshd -D -f "$state/ssh/sshd_config" -E "$state/ssh/log" &
    echo $! >"$state/ssh/sshd.pid"
    wait_port "$port" 10 "$(cat "$state/ssh/sshd.pid")" && break
    stop_pid "$state/ssh/sshd.pid" 5
    [ "$attempt" = 3 ] && { echo "sshd did not start; see $state/ssh/log" >&2; return 1; }
  done
  # shellcheck disable=SC2034 # for the script that sources this file
  SSH_PORT=$port
  SSH_HOST_KEY=$(cut -d' ' -f1-2 "$state/ssh/host_key.pub")
  echo "[127.0.0.1]:$port $SSH_HOST_KEY" >"$state/ssh/known_hosts"
}

# stop_pid FILE SECONDS: TERM the process, wait for it to exit, KILL it if it does not.
stop_pid() {
  local pid i
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# Removes the containers first (dockerd would wait on each one at shutdown), then stops the
# daemons and waits for them, so nothing is left running and the data dir can be deleted.
services_stop() {
  local state=$1 d=""
  [ -f "$state/dockerd.dir" ] && d=$(cat "$state/dockerd.dir")
  if [ -n "$d" ] && [ -S "$d/docker.sock" ]; then
    local ids
    ids=$(/usr/bin/docker -H "unix://$d/docker.sock" ps -aq 2>/dev/null || true)
    # shellcheck disable=SC2086 # one word per container id
    [ -n "$ids" ] && /usr/bin/docker -H "unix://$d/docker.sock" rm -f $ids >/dev/null 2>&1
  fi
  stop_pid "$state/ssh/sshd.pid" 5
  stop_pid "$state/registry/pid" 5
  stop_pid "$state/dockerd.pid" 30
  if [ -n "$d" ]; then
    # dockerd bind-mounts its data root; one that had to be killed leaves the mount behind.
    awk -v d="$d/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
    rm -rf "$d" 2>/dev/null || true
  fi
}
