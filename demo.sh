#!/usr/bin/env bash
# natsaga demo — the main job. Builds the samples, starts NATS (nats-config/dev.conf) and both sample services as
# real processes, makes three bookings (DemoReport in the booking sample's jar), and prints each outcome with its
# saga step log as a timeline (the library's SagaTimeline, served by GET /sagas/{id}/outcome):
#   1. a booking paid by card that is CONFIRMED (slot held, payment authorized with the card sent encrypted,
#      booking confirmed, payment captured; the payment service shows the card as **** 4242 only)
#   2. a booking whose payment is DECLINED (amount above 100000): the saga compensates, the slot is released
#   3. a booking of the slot booking 1 holds: the saga fails at its first step, no payment at all
# Then it stops everything cleanly. Exits non-zero when an outcome is not the expected one.
#
# Usage: ./demo.sh [--keep-running]
#   --keep-running   leave NATS and both services running after the bookings (Ctrl-C stops them) and print the
#                    address of the operations console the booking service embeds (sign in as demo / demo-password)
#
# Ports: NATS 4222 (monitoring 8222), booking 8080, payment 8081, console 8090; any that is taken is replaced by a free one.
# Everything runs in a temporary folder (NATS store, H2 databases, logs), removed afterwards unless something failed.
# Needs Java 17, Maven and curl; nats-server is fetched by scripts/fetch-nats-server.sh when missing
# (or taken from NATS_SERVER_BIN).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
keep_running=false
for arg in "$@"; do
  case "$arg" in
    --keep-running) keep_running=true ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option '$arg' (use --keep-running or --help)" >&2; exit 2 ;;
  esac
done

for tool in java mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "demo.sh: '$tool' is required but not installed" >&2; exit 1; }
done

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
say() { printf '%s==> %s%s\n' "$bold" "$*" "$plain"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/natsaga-demo.XXXXXX")
nats_pid="" payment_pid="" booking_pid=""
failed=true

stop_pid() { # name pid: SIGTERM, wait up to 20 s, then SIGKILL
  local name=$1 pid=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || { echo "    stopped $name"; return 0; }; sleep 0.1; done
  echo "    $name did not stop within 20 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  stop_pid "booking service" "$booking_pid"
  stop_pid "payment service" "$payment_pid"
  stop_pid "nats-server" "$nats_pid"
  if $failed; then
    echo "logs kept in $work (nats.log, payment.log, booking.log)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port() { # preferred port, or a free one when something listens on it
  local p=$1 i
  for i in $(seq 1 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    p=$((20000 + RANDOM % 40000))
  done
  echo "demo.sh: no free port found" >&2; exit 1
}

await_http() { # name url pid seconds: wait until the url answers 200
  local name=$1 url=$2 pid=$3 seconds=$4 i
  for i in $(seq 1 $((seconds * 5))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo.sh: $name exited during start-up; its log:" >&2
      tail -n 30 "$work/$(echo "$name" | cut -d' ' -f1).log" >&2 || true
      exit 1
    fi
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.2
  done
  echo "demo.sh: $name was not ready within $seconds s ($url)" >&2
  exit 1
}

say "building (mvn -q -B -DskipTests package)"
(cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl sample-payment,sample-booking -am package) 2>&1 | sed 's/\x1b\[[0-9;]*m//g'

nats_bin=${NATS_SERVER_BIN:-}
if [ -z "$nats_bin" ]; then
  say "finding nats-server (scripts/fetch-nats-server.sh)"
  nats_bin=$("$root/scripts/fetch-nats-server.sh")
fi

nats_port=$(port 4222); monitor_port=$(port 8222); booking_port=$(port 8080); payment_port=$(port 8081); console_port=$(port 8090)
[ "$nats_port" = 4222 ] || echo "    port 4222 is taken: NATS uses $nats_port"
[ "$booking_port" = 8080 ] || echo "    port 8080 is taken: the booking service uses $booking_port"
[ "$payment_port" = 8081 ] || echo "    port 8081 is taken: the payment service uses $payment_port"
[ "$console_port" = 8090 ] || echo "    port 8090 is taken: the console uses $console_port"

if [ -f "$root/nats-config/dev.conf" ]; then
  say "starting NATS from nats-config/dev.conf on 127.0.0.1:$nats_port (store in $work)"
  (cd "$work" && exec "$nats_bin" -c "$root/nats-config/dev.conf" -p "$nats_port" -m "$monitor_port") >"$work/nats.log" 2>&1 &
else
  say "starting NATS with JetStream on 127.0.0.1:$nats_port (store in $work)"
  "$nats_bin" -js -sd "$work/nats" -a 127.0.0.1 -p "$nats_port" -m "$monitor_port" >"$work/nats.log" 2>&1 &
fi
nats_pid=$!
await_http "nats-server" "http://127.0.0.1:$monitor_port/healthz" "$nats_pid" 30

say "starting the payment service (:$payment_port) and the booking service (:$booking_port)"
nats_url="nats://127.0.0.1:$nats_port"
(cd "$work" && SERVICE_NAME=payment-service APP_ENV=dev NATS_URL="$nats_url" HTTP_PORT="$payment_port" \
  PAYMENT_DB_URL="jdbc:h2:file:$work/data/payment" exec java -jar "$root/sample-payment/target/natsaga-sample-payment.jar") \
  >"$work/payment.log" 2>&1 &
payment_pid=$!
(cd "$work" && SERVICE_NAME=booking-service APP_ENV=dev NATS_URL="$nats_url" HTTP_PORT="$booking_port" \
  BOOKING_DB_URL="jdbc:h2:file:$work/data/booking" CONSOLE_USERS="demo:operator:demo-password" CONSOLE_PORT="$console_port" exec java -jar "$root/sample-booking/target/natsaga-sample-booking.jar") \
  >"$work/booking.log" 2>&1 &
booking_pid=$!
await_http "payment service" "http://127.0.0.1:$payment_port/health" "$payment_pid" 90
await_http "booking service" "http://127.0.0.1:$booking_port/health" "$booking_pid" 90

say "making three bookings"
set +e
java -cp "$root/sample-booking/target/natsaga-sample-booking.jar" dev.natsaga.sample.booking.DemoReport \
  "http://127.0.0.1:$booking_port" "http://127.0.0.1:$payment_port"
result=$?
set -e

if [ "$result" -eq 0 ]; then
  failed=false
fi

if $keep_running; then
  say "still running (Ctrl-C stops everything)"
  echo "    booking service  http://127.0.0.1:$booking_port  (POST /bookings, GET /bookings/{id}, GET /sagas/{id}, GET /health)"
  echo "    payment service  http://127.0.0.1:$payment_port  (GET /payments/{bookingId}, GET /health)"
  echo "    console          http://127.0.0.1:$console_port/  (operations dashboard: sign in as demo / demo-password)"
  echo "    NATS             $nats_url  (monitoring http://127.0.0.1:$monitor_port)"
  echo "    logs             $work/{nats,payment,booking}.log"
  failed=true   # keep the logs of a session the user drove by hand
  wait "$booking_pid" "$payment_pid" || true
fi
exit "$result"
