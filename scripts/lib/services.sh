# Starts the real services the demo runs against, each on a free loopback port, all under one
# state directory; `services_stop` stops them by PID. Sourced by scripts/demo.

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after $2 s" >&2
  return 1
}

# registry STATE: a plain-http registry on loopback (docker and the engine allow http there).
start_registry() {
  local state=$1 port
  port=$(free_port)
  mkdir -p "$state/registry"
  cat >"$state/registry/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $state/registry/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YAML
  docker-registry serve "$state/registry/config.yml" >"$state/registry/log" 2>&1 &
  echo $! >"$state/registry/pid"
  wait_port "$port" 20
  REGISTRY="127.0.0.1:$port"
}

# dockerd with its own roots, vfs storage and no network setup (containers use network none).
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

# sshd on loopback accepting one key for root; remote commands reach our dockerd via SetEnv.
start_sshd() {
  local state=$1 port
  port=$(free_port)
  mkdir -p "$state/ssh" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$state/ssh/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$state/ssh/deploy_key"
  cp "$state/ssh/deploy_key.pub" "$state/ssh/authorized_keys"
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
PidFile $state/ssh/sshd.pid
SetEnv DOCKER_HOST=$DOCKER_HOST
CFG
  /usr/sbin/sshd -f "$state/ssh/sshd_config" -E "$state/ssh/log"
  wait_port "$port" 10
  SSH_PORT=$port
  echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$state/ssh/host_key.pub")" >"$state/ssh/known_hosts"
}

services_stop() {
  local state=$1 f
  for f in "$state/ssh/sshd.pid" "$state/registry/pid" "$state/dockerd.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  if [ -f "$state/dockerd.dir" ]; then
    rm -rf "$(cat "$state/dockerd.dir")" 2>/dev/null || true
  fi
}
