#!/usr/bin/env bash
# Installs what the tests need beyond Java, Maven, nats-server and PostgreSQL, when a machine lacks it (Debian;
# installing packages needs root): libfaketime for the reliability run's clock jumps, iproute2's ip for its network
# namespaces (the partition run), Debian's Chromium and its
# WebDriver for the console's browser tests, Node.js/npm and Mermaid (npm ci into saga-engine/src/test/mermaid) for
# the test that parses the rendered saga diagrams. Idempotent and quiet; called by test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ] && [ ! -e /usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1 ]; then
  missing+=(faketime)
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  missing+=(chromium chromium-driver)
fi
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ! -x /usr/sbin/ip ] && [ ! -x /sbin/ip ]; then
  missing+=(iproute2)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages the tests need) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d saga-engine/src/test/mermaid/node_modules/mermaid ] || npm ci --prefix saga-engine/src/test/mermaid --no-audit --no-fund --silent
