#!/usr/bin/env bash
# natsaga demo — the main job. Builds the samples, starts NATS (nats-config/dev.conf) and both sample services as
# real processes, makes three bookings, and prints each outcome with its saga step log as a timeline:
#   1. a booking that is CONFIRMED (slot held, payment authorized, booking confirmed, payment captured)
#   2. a booking whose payment is DECLINED (amount above 100000): the saga compensates, the slot is released
#   3. a booking of the slot booking 1 holds: the saga fails at its first step, no payment at all
# Then it stops everything cleanly. Exits non-zero when an outcome is not the expected one.
#
# Usage: ./demo.sh [--keep-running]
#   --keep-running   leave NATS and both services running after the bookings (Ctrl-C stops them)
#
# Ports: NATS 4222 (monitoring 8222), booking 8080, payment 8081; any that is taken is replaced by a free one.
# Everything runs in a temporary folder (NATS store, H2 databases, logs), removed afterwards unless something failed.
# Needs Java 17, Maven, curl and python3; nats-server is fetched by scripts/fetch-nats-server.sh when missing
# (or taken from NATS_SERVER_BIN).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
keep_running=false
for arg in "$@"; do
  case "$arg" in
    --keep-running) keep_running=true ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option '$arg' (use --keep-running or --help)" >&2; exit 2 ;;
  esac
done

for tool in java mvn curl python3; do
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

port() { # preferred port, or a free one when it is taken
  python3 - "$1" <<'PY'
import socket, sys
def free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("0.0.0.0", port))
        return s.getsockname()[1]
    except OSError:
        return None
    finally:
        s.close()
print(free(int(sys.argv[1])) or free(0))
PY
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

nats_port=$(port 4222); monitor_port=$(port 8222); booking_port=$(port 8080); payment_port=$(port 8081)
[ "$nats_port" = 4222 ] || echo "    port 4222 is taken: NATS uses $nats_port"
[ "$booking_port" = 8080 ] || echo "    port 8080 is taken: the booking service uses $booking_port"
[ "$payment_port" = 8081 ] || echo "    port 8081 is taken: the payment service uses $payment_port"

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
  BOOKING_DB_URL="jdbc:h2:file:$work/data/booking" exec java -jar "$root/sample-booking/target/natsaga-sample-booking.jar") \
  >"$work/booking.log" 2>&1 &
booking_pid=$!
await_http "payment service" "http://127.0.0.1:$payment_port/health" "$payment_pid" 90
await_http "booking service" "http://127.0.0.1:$booking_port/health" "$booking_pid" 90

say "making three bookings"
set +e
python3 - "$booking_port" "$payment_port" <<'PY'
import json, sys, time, urllib.request, urllib.error

booking_url = "http://127.0.0.1:%s" % sys.argv[1]
payment_url = "http://127.0.0.1:%s" % sys.argv[2]

def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def request(customer, slot, amount):
    return {"customerId": customer, "serviceId": "haircut", "slotId": slot, "startTime": "2026-12-01T10:00:00Z",
            "endTime": "2026-12-01T10:30:00Z", "amount": amount, "currency": "EUR"}

cases = [
    ("1", "alice books chair-1 at 10:00 for 45.00 EUR", request("alice", "chair-1@2026-12-01T10:00", 4500), "CONFIRMED", "CAPTURED"),
    ("2", "bob books chair-2 at 10:00 for 2500.00 EUR (above the payment limit of 1000.00)",
     request("bob", "chair-2@2026-12-01T10:00", 250000), "CANCELLED", "DECLINED"),
    ("3", "carol books chair-1 at 10:00, the slot alice holds", request("carol", "chair-1@2026-12-01T10:00", 4500), "CANCELLED", None),
]

accepted = []
for number, title, body, expected, expected_payment in cases:
    status, answer = call("POST", booking_url + "/bookings", body)
    if status != 202:
        print("booking %s was refused: HTTP %s %s" % (number, status, answer))
        sys.exit(1)
    print("  POST /bookings #%s -> 202 %s" % (number, json.dumps(answer)))
    accepted.append((number, title, answer, expected, expected_payment))

def outcome(booking_id, timeout=30):
    deadline = time.time() + timeout
    while True:
        status, booking = call("GET", booking_url + "/bookings/" + booking_id)
        if status == 200 and booking["status"] != "PENDING":
            return booking
        if time.time() > deadline:
            return booking
        time.sleep(0.2)

def clock(ts):
    return ts[11:23] if ts else ""

def millis(a, b):
    from datetime import datetime
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
    return int((parse(b) - parse(a)).total_seconds() * 1000)

all_ok = True
for number, title, answer, expected, expected_payment in accepted:
    booking = outcome(answer["bookingId"])
    _, saga = call("GET", booking_url + "/sagas/" + answer["sagaId"])
    pay_status, payment = call("GET", payment_url + "/payments/" + answer["bookingId"])
    payment_text = payment["status"] if pay_status == 200 else "none (HTTP %s)" % pay_status
    payment_note = ("  (%s)" % payment["reason"]) if pay_status == 200 and payment.get("reason") else ""
    ok = booking["status"] == expected and (payment_text == expected_payment if expected_payment else pay_status == 404)
    all_ok = all_ok and ok
    print()
    print("Booking %s: %s" % (number, title))
    print("  booking %s  ->  %s%s" % (booking["bookingId"], booking["status"],
                                     ("  (reason: %s)" % booking["reason"]) if booking.get("reason") else ""))
    print("  payment %s%s" % (payment_text, payment_note))
    print("  saga %s (%s v%s)" % (saga["sagaId"], saga["type"], saga["version"]))
    print("  %-12s  %-18s  %-10s  %-10s  %s" % ("time (UTC)", "step", "phase", "outcome", "detail"))
    for s in saga["steps"]:
        detail = s.get("replyType") or ""
        if s.get("error") and s["outcome"] not in ("SUCCEEDED",):
            detail = (detail + "  " if detail and s["error"] != "failed with " + detail else "") + s["error"]
        if s.get("commandId") and s.get("finishedAt") and s.get("startedAt"):
            detail += "  (%d ms)" % millis(s["startedAt"], s["finishedAt"])
        print("  %-12s  %-18s  %-10s  %-10s  %s" % (clock(s["startedAt"]), s["step"], s["phase"], s["outcome"], detail.strip()))
    print("  %-12s  %-18s  %-10s  %-10s  %s" % (clock(saga["updatedAt"]), "(saga)", "", saga["status"],
                                               saga.get("failureReason") or ""))
    print("  expected %s, payment %s: %s" % (expected, expected_payment or "none", "OK" if ok else "NOT AS EXPECTED"))

print()
print("all three outcomes as expected" if all_ok else "SOME OUTCOMES WERE NOT AS EXPECTED")
sys.exit(0 if all_ok else 1)
PY
result=$?
set -e

if [ "$result" -eq 0 ]; then
  failed=false
fi

if $keep_running; then
  say "still running (Ctrl-C stops everything)"
  echo "    booking service  http://127.0.0.1:$booking_port  (POST /bookings, GET /bookings/{id}, GET /sagas/{id}, GET /health)"
  echo "    payment service  http://127.0.0.1:$payment_port  (GET /payments/{bookingId}, GET /health)"
  echo "    NATS             $nats_url  (monitoring http://127.0.0.1:$monitor_port)"
  echo "    logs             $work/{nats,payment,booking}.log"
  failed=true   # keep the logs of a session the user drove by hand
  wait "$booking_pid" "$payment_pid" || true
fi
exit "$result"
