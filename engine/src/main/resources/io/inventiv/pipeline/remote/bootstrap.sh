#!/bin/sh
# `sh -c THIS bootstrap DEPLOY_USER REMOTE_DIR SECRETS_DIR [PACKAGE...]`: prepares a
# Debian/Ubuntu VM for deploys, idempotently: docker engine and compose from the distribution's
# packages when missing, the directories with owner and mode, the deploy user in the docker group.
# PACKAGEs (the profile's bootstrap.packages) replace the default docker.io + compose choice.
# Prints "@@changed WHAT" for each change and "@@ok WHAT" for what was already right.
set -u
user=$1
dir=$2
secrets=$3
shift 3
if [ "$(id -u)" = 0 ]; then as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then as_root() { sudo -n "$@"; }
else echo "@@error bootstrap needs root or passwordless sudo for $(id -un)"; exit 1; fi
id "$user" >/dev/null 2>&1 || { echo "@@error no user $user on the host"; exit 1; }

# A fresh VM often runs unattended-upgrades or cloud-init's apt at boot: wait for its lock.
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}
updated=0
apt_update() {
  [ "$updated" = 1 ] || as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
  updated=1
}
installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}
has_compose() {
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1
}

if [ $# -gt 0 ]; then
  # The profile names the packages: install, in one apt-get call, each one dpkg does not list.
  missing=
  for p in "$@"; do
    if installed "$p"; then echo "@@ok package $p"; else missing="$missing $p"; fi
  done
  if [ -n "$missing" ]; then
    # Names are checked by the engine ([a-z0-9][a-z0-9+.-]+): splitting $missing is safe.
    # shellcheck disable=SC2086
    if ! apt_update || ! apt_install $missing; then echo "@@error installing$missing failed; check bootstrap.packages"; exit 1; fi
    for p in $missing; do echo "@@changed installed $p"; done
  fi
  command -v docker >/dev/null 2>&1 || { echo "@@error no docker command after installing $*; add the docker engine's package to bootstrap.packages"; exit 1; }
  has_compose || { echo "@@error no compose after installing $*; add a compose package (docker-compose-v2, docker-compose-plugin or docker-compose) to bootstrap.packages"; exit 1; }
  echo "@@ok docker and compose"
else
  # The default: docker.io and a compose package, each only when its command is missing, so a
  # host running Docker's own docker-ce packages is left as it is.
  if command -v docker >/dev/null 2>&1; then echo "@@ok docker"
  else
    if ! apt_update || ! apt_install docker.io; then echo "@@error installing docker.io failed"; exit 1; fi
    echo "@@changed installed docker.io"
  fi
  if has_compose; then echo "@@ok compose"
  else
    apt_update
    if apt_install docker-compose-v2 2>/dev/null; then echo "@@changed installed docker-compose-v2"
    elif apt_install docker-compose-plugin 2>/dev/null; then echo "@@changed installed docker-compose-plugin"
    elif apt_install docker-compose; then echo "@@changed installed docker-compose"
    else echo "@@error no compose package could be installed"; exit 1; fi
  fi
fi

group=$(id -gn "$user")
ensure_dir() {
  path=$1
  mode=$2
  if [ ! -d "$path" ]; then
    if ! { as_root mkdir -p "$path" && as_root chown "$user:$group" "$path" && as_root chmod "$mode" "$path"; }; then
      echo "@@error cannot create $path"; exit 1
    fi
    echo "@@changed created $path ($user:$group $mode)"
    return
  fi
  if [ "$(stat -c %U:%G "$path")" != "$user:$group" ]; then
    as_root chown "$user:$group" "$path" && echo "@@changed owner of $path set to $user:$group"
  fi
  if [ "$(stat -c %a "$path")" != "$mode" ]; then
    as_root chmod "$mode" "$path" && echo "@@changed mode of $path set to $mode"
  fi
  echo "@@ok $path"
}
ensure_dir "$dir" 750
ensure_dir "$dir/.inventiv" 700
[ -z "$secrets" ] || ensure_dir "$secrets" 700

if [ "$(id -u "$user")" = 0 ]; then echo "@@ok root needs no docker group"
elif id -nG "$user" | tr ' ' '\n' | grep -qx docker; then echo "@@ok $user in group docker"
else
  getent group docker >/dev/null 2>&1 || as_root groupadd docker
  as_root usermod -aG docker "$user" && echo "@@changed added $user to group docker (takes effect at the next login)"
fi
exit 0
