#!/usr/bin/env bash
# Builds the benchmark tree: >= 300 MB of real source text (JDK sources, C headers, Python
# stdlib), a few planted secrets, all committed to a git repository under bench/work/
# (gitignored: it is committed nowhere). Reused when it already exists.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/../work"
tree=${SCAN_BENCH_TREE:-"$(cd "$here/../work" && pwd)/scan-keys-tree"}
min_mb=${SCAN_BENCH_MIN_MB:-300}

if [ -d "$tree/.git" ] && git -C "$tree" rev-parse -q --verify HEAD >/dev/null; then
  echo "$tree"
  exit 0
fi
rm -rf "$tree"
mkdir -p "$tree"

src_zip=$(ls /usr/lib/jvm/*/lib/src.zip 2>/dev/null | while read -r z; do [ -s "$z" ] && echo "$z"; done | head -1)
if [ -n "$src_zip" ]; then
  unzip -q "$src_zip" -d "$tree/jdk"
fi
cp -r /usr/include "$tree/include"
mkdir -p "$tree/python"
py=$(ls -d /usr/lib/python3.[0-9]* | head -1)
(cd "$py" && find . -name '*.py' -exec cp --parents -t "$tree/python" {} +)

# Top up with more copies of the headers until the tree is big enough.
n=2
while [ "$(du -sm --apparent-size "$tree" | cut -f1)" -lt "$min_mb" ]; do
  cp -r /usr/include "$tree/include-$n"
  n=$((n + 1))
done

# Secrets the scanner (and the peers) must find: one of each family.
p="$tree/planted"
mkdir -p "$p"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$p/id_ed25519"
ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C bench -f "$p/id_rsa.pem"
openssl genpkey -algorithm ed25519 -out "$p/pkcs8.pem" 2>/dev/null
b62() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$1"; }
printf 'GITHUB_TOKEN=ghp_%s\n' "$(b62 36)" > "$p/ci.env"
printf '[default]\naws_access_key_id = AKIA%s\naws_secret_access_key = aZ9%s\n' \
  "$(tr -dc 'A-Z0-9' </dev/urandom | head -c 16)" "$(b62 37)" > "$p/credentials"

git -C "$tree" init -q .
git -C "$tree" -c core.looseCompression=0 add -A .
git -C "$tree" -c user.name=bench -c user.email=bench@example.invalid -c core.looseCompression=0 \
  commit -q -m "benchmark tree"
echo "$tree"
