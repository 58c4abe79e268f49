#!/usr/bin/env bash
# Fetches a current nats-server (>= 2.10) from Debian's unstable suite into .tools/nats-server/
# without touching the system's apt configuration: a private source list and private package lists
# under .tools/apt/, then `apt-get download` and `dpkg -x`. Prints the binary's path on success.
#
# Usage: scripts/fetch-nats-server.sh            (idempotent: reuses an existing download)
# The tests find the binary through NATS_SERVER_BIN (see README); this script's output is the default.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
bin="$tools/nats-server/usr/sbin/nats-server"
min_minor=10

version_ok() {
  local v
  v=$("$1" --version 2>/dev/null | sed -n 's/.*v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [ -n "$v" ] || return 1
  set -- $v
  [ "$1" -gt 2 ] || { [ "$1" -eq 2 ] && [ "$2" -ge "$min_minor" ]; }
}

if [ -x "$bin" ] && version_ok "$bin"; then
  echo "$bin"; exit 0
fi

mirror=$(grep -hoE '^(URIs:|deb) +[a-z]+://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -oE '[a-z]+://[^ ]+' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

apt_dir="$tools/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$tools/nats-server"
echo "deb [signed-by=$keyring] ${mirror%/} sid main" > "$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")

echo "fetching nats-server from ${mirror%/} (suite sid) ..." >&2
apt-get "${apt_opts[@]}" update -qq >&2
( cd "$apt_dir" && rm -f nats-server_*.deb && apt-get "${apt_opts[@]}" download nats-server >&2 )
deb=$(ls "$apt_dir"/nats-server_*.deb | head -n1)
rm -rf "$tools/nats-server" && mkdir -p "$tools/nats-server"
dpkg -x "$deb" "$tools/nats-server"

if ! version_ok "$bin"; then
  echo "error: $bin is missing or older than 2.$min_minor ($("$bin" --version 2>&1 || true))" >&2
  exit 1
fi
echo "fetched $("$bin" --version)" >&2
echo "$bin"
