#!/usr/bin/env bash
# The test command: installs the test tools a machine lacks (scripts/ensure-test-tools.sh), fetches a current
# nats-server into .tools/ when none is configured, then runs
# every module's tests against real nats-server processes, H2 and PostgreSQL (127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-test-tools.sh
if [ -z "${NATS_SERVER_BIN:-}" ]; then
  NATS_SERVER_BIN=$(scripts/fetch-nats-server.sh)
fi
export NATS_SERVER_BIN
echo "using $("$NATS_SERVER_BIN" --version) at $NATS_SERVER_BIN"
exec mvn -B -ntp verify "$@"
