# shellcheck shell=bash
# Installs the Debian packages the tests and the demo use, only when something is missing.
# Sourced by scripts/test and scripts/demo.

# openjdk-17-jdk-headless: Debian's maven brings only a JRE, and the engine jar is compiled here.
TEST_PACKAGES=(docker-registry skopeo docker.io docker-compose qemu-user-static binfmt-support
  openssh-server openssh-client busybox-static apache2-utils ripgrep hyperfine git gpg gpg-agent openssl jq maven
  python3 unzip putty-tools openjdk-17-jdk-headless curl tinyproxy shellcheck
  publicsuffix)  # the token-realm check reads the Public Suffix List (oci/PublicSuffixes)

provision_test_tools() {
  local missing=()
  for p in "${TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "missing packages: ${missing[*]}; run as root or install them first" >&2
      return 2
    fi
    echo "installing: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# ARM64 images with RUN steps are built under qemu-user through binfmt_misc.
enable_arm64_emulation() {
  [ "$(uname -m)" = aarch64 ] && return 0
  if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
  fi
  if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  fi
}

# A static ARM64 busybox for the FROM scratch test images (same cache the tests' Arm64Busybox uses).
provision_arm64_busybox() {
  local dir="${INVENTIV_TEST_CACHE:-$HOME/.cache/inventiv-pipeline}/busybox-arm64"
  [ -x "$dir/bin/busybox" ] && return 0
  dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64 && apt-get update -qq; }
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download busybox-static:arm64 >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$tmp" && apt-get download busybox-static:arm64 >/dev/null); }
  mkdir -p "$dir/bin"
  dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/x"
  mv "$tmp/x/bin/busybox" "$dir/bin/busybox"
  rm -rf "$tmp"
}

# Compose v2 (the VMs' `docker compose`) for the tests that prove the engine against it. Debian
# bookworm has only v1; trixie's static plugin is extracted, not installed, so bookworm's v1
# `docker-compose` stays what the other tests run. Same path as the tests' ComposeV2 fixture.
COMPOSE_V2_DEB_URL=http://deb.debian.org/debian/pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb
COMPOSE_V2_DEB_SHA256=47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea
# trixie_download PACKAGE[=VERSION] DIR: apt-get download from trixie (a private sources list and
# lists, so the machine's own apt configuration stays bookworm's) into DIR; the .deb's path on stdout.
# Fails with 1 when trixie's index cannot be fetched, 3 when it lacks the package (or that version).
trixie_download() {
  local pkg="$1" apt_dir="$2/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache" "$apt_dir/download"
  printf 'deb http://deb.debian.org/debian trixie main\n' >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
  compgen -G "$apt_dir/lists/*_Packages*" >/dev/null || apt-get "${opts[@]}" update -qq >/dev/null || {
    echo "apt-get update of trixie's index failed" >&2; return 1; }
  (cd "$apt_dir/download" && apt-get "${opts[@]}" download "$pkg" >/dev/null 2>&1) || return 3
  local f
  for f in "$apt_dir"/download/"${pkg%%=*}"_*.deb; do [ -f "$f" ] && { echo "$f"; break; }; done
  return 0
}

compose_v2_from_trixie() { # DIR: leaves DIR/compose.deb (a 2.x docker-compose) or fails
  local deb; deb=$(trixie_download docker-compose "$1") || return 1
  case "${deb##*/}" in
    docker-compose_2.*_amd64.deb) mv "$deb" "$1/compose.deb" ;;
    *) echo "compose v2: trixie's docker-compose is not a 2.x package" >&2; return 1 ;;
  esac
}

provision_compose_v2() {
  local dir="${INVENTIV_COMPOSE_V2_DIR:-/opt/inventiv-test/compose-v2}"
  [ -x "$dir/usr/libexec/docker/cli-plugins/docker-compose" ] && return 0
  [ "$(uname -m)" = x86_64 ] || { echo "compose v2: the pinned .deb is amd64; this machine is $(uname -m)" >&2; return 2; }
  local tmp; tmp=$(mktemp -d)
  if curl -fsSL --retry 3 -o "$tmp/compose.deb" "$COMPOSE_V2_DEB_URL"; then
    if ! echo "$COMPOSE_V2_DEB_SHA256  $tmp/compose.deb" | sha256sum -c --status; then
      echo "compose v2: $COMPOSE_V2_DEB_URL does not have the pinned sha256; refusing it" >&2
      rm -rf "$tmp"
      return 1
    fi
  else
    # A trixie point release removes the pinned version from the pool: take trixie's current
    # package through apt instead, verified by the archive's signature like any apt download.
    echo "compose v2: the pinned .deb is gone from the mirror; fetching trixie's current docker-compose" >&2
    compose_v2_from_trixie "$tmp" || { rm -rf "$tmp"; return 1; }
  fi
  dpkg-deb -x "$tmp/compose.deb" "$tmp/x" && mkdir -p "${dir%/*}" && rm -rf "$dir" && mv "$tmp/x" "$dir"
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

# Real buildx (the mission's "arm64 buildx build"): bookworm has no buildx plugin, so trixie's
# docker-buildx is downloaded with apt, pinned by sha256, extracted (not installed), and handed
# out only through a private DOCKER_CONFIG (buildx_docker_config), never the machine's global
# cli-plugins. Same path as the tests' Buildx fixture.
BUILDX_DEB_VERSION=0.13.1+ds1-3
BUILDX_DEB_SHA256=fcf8c48204d1603c8f209451d7827eb91bf30759578baf7704e9e1a87e5f1d7f
BUILDX_PLUGIN=usr/libexec/docker/cli-plugins/docker-buildx

provision_buildx() {
  local dir="${INVENTIV_BUILDX_DIR:-/opt/inventiv-test/buildx}"
  [ -x "$dir/$BUILDX_PLUGIN" ] && return 0
  [ "$(uname -m)" = x86_64 ] || { echo "buildx: the pinned .deb is amd64; this machine is $(uname -m)" >&2; return 2; }
  local tmp deb rc; tmp=$(mktemp -d)
  deb=$(trixie_download "docker-buildx=$BUILDX_DEB_VERSION" "$tmp")
  rc=$?
  [ $rc -eq 1 ] && { rm -rf "$tmp"; return 1; }
  if [ $rc -eq 0 ] && [ -n "$deb" ]; then
    if ! echo "$BUILDX_DEB_SHA256  $deb" | sha256sum -c --status; then
      echo "buildx: trixie's docker-buildx $BUILDX_DEB_VERSION does not have the pinned sha256; refusing it" >&2
      rm -rf "$tmp"
      return 1
    fi
  else
    # A trixie point release replaces the pinned version: take trixie's current package instead,
    # verified by the archive's signature like any apt download.
    echo "buildx: docker-buildx $BUILDX_DEB_VERSION is gone from trixie; fetching trixie's current docker-buildx" >&2
    if ! deb=$(trixie_download docker-buildx "$tmp") || [ -z "$deb" ]; then rm -rf "$tmp"; return 1; fi
  fi
  dpkg-deb -x "$deb" "$tmp/x" && [ -x "$tmp/x/$BUILDX_PLUGIN" ] && mkdir -p "${dir%/*}" && rm -rf "$dir" \
    && mv "$tmp/x" "$dir"
  rc=$?
  rm -rf "$tmp"
  [ $rc -eq 0 ] || echo "buildx: extracting $deb failed or it has no $BUILDX_PLUGIN" >&2
  return $rc
}

# buildx_docker_config DIR: copies the provisioned plugin into DIR/cli-plugins, so a docker client
# run with DOCKER_CONFIG=DIR has `docker buildx` (and nothing outside DIR changes).
buildx_docker_config() {
  local src="${INVENTIV_BUILDX_DIR:-/opt/inventiv-test/buildx}/$BUILDX_PLUGIN"
  [ -x "$src" ] || { echo "buildx: not provisioned ($src missing); run provision_buildx" >&2; return 1; }
  mkdir -p "$1/cli-plugins" && cp "$src" "$1/cli-plugins/docker-buildx"
}

# npm-groovy-lint (CodeNarc with its Jenkins CPS rules) for the library's lint test, pinned and kept
# out of the global npm tree; LibraryLintTest runs it from here. 16.2.0: 17+ needs Node 22.
GROOVY_LINT_VERSION=16.2.0
GROOVY_LINT_DIR="${INVENTIV_TEST_CACHE:-$HOME/.cache/inventiv-pipeline}/npm-groovy-lint-$GROOVY_LINT_VERSION"
provision_groovy_lint() {
  [ -x "$GROOVY_LINT_DIR/node_modules/.bin/npm-groovy-lint" ] && return 0
  command -v npm >/dev/null || { echo "npm is needed for npm-groovy-lint (Node 20)" >&2; return 2; }
  mkdir -p "$GROOVY_LINT_DIR"
  npm install --no-audit --no-fund --prefix "$GROOVY_LINT_DIR" "npm-groovy-lint@$GROOVY_LINT_VERSION" >/dev/null
}
