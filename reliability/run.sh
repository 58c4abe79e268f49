#!/usr/bin/env bash
# natsaga reliability runs over the two sample services running as real processes.
#
#   reliability/run.sh faults [--quick] [--cluster] [--postgres [--pg-restart]]
#       bookings through POST /bookings while the services are killed (-9) and restarted, nats-server is
#       killed and restarted (in a cluster: one of three nodes lost), with --postgres the services' database
#       sessions are terminated (--pg-restart: the PostgreSQL server itself restarts, only when no other
#       session is active); then the invariants. Full: 2,400 bookings, 10+ faults. Quick: 160 bookings, 4 faults.
#   reliability/run.sh faults --pauses [--quick] [--cluster] [--postgres]
#       the same bookings while the booking service, the payment service and a nats-server node are frozen in turn
#       (SIGSTOP for 12 s, past the ack wait of 5 s set for this run and the 10 s payment step deadline, then SIGCONT).
#       Full: 9 pauses. Quick: 3.
#   reliability/run.sh faults --clock-jumps [--quick] [--postgres]
#       the same bookings while each service's wall clock jumps 1 h forward and back, then back and forward (libfaketime,
#       Debian package faketime; the monotonic clock is untouched), each held 10 s. Full: 8 jumps. Quick: 4.
#   reliability/run.sh faults --partitions [--quick] [--postgres] [--instances B,P]
#       the 3-node cluster with each node in its own network namespace (needs root and iproute2): the payment stream's
#       leader cut off, a follower cut off, the services split from the majority (they reach one node only), each held
#       12 s and healed. Full: 3 rounds and a node loss over 2,400 bookings. Quick: 3 partitions over 360 bookings.
#   reliability/run.sh faults --postgres --instances 3,2 [--cluster] [--partitions] [--quick]
#       three booking (orchestrator) and two payment processes sharing their PostgreSQL databases; POSTs go round-robin,
#       reads to another instance; the kills rotate over the instances.
#   reliability/run.sh fuzz [--quick] [--known-defects]
#       hostile messages to every subject the services consume, replayed ids, bad HTTP input, valid bookings
#       in between; then the invariants. Full: 6,000 hostile messages. Quick: 1,500. Also every other surface: schema-
#       invalid and pathological payloads, tampered ciphertexts (an encrypted consumer in the run's JVM), event-store
#       appends with wrong versions and forged ids, the booking service's embedded console (no or forged credentials,
#       CSRF, XSS, path traversal) and hostile natsaga command lines.
#   reliability/run.sh soak [--minutes N]   (not in CI; default 30)
#       bookings at 3/s for N minutes with a fault about every 3 minutes (nats-server restart, payment and booking
#       service frozen in turn); heap after GC, threads, file handles of both services and nats-server, stream and
#       database sizes sampled every 30 s into soak.csv; verdict: flat within 10 % after warm-up, plus the invariants.
#
# Other options (see dev.natsaga.reliability.RunOptions): --bookings N, --rate PER_SECOND, --hostile N,
# --hostile-rate PER_SECOND, --seed N, --env NAME, --decline-above N, --settle-seconds S, --work-dir DIR, --keep,
# --booking-jar FILE, --payment-jar FILE.
#
# Prints the parameters first and `violations: N` last; exits 1 when N > 0, 2 when the run could not run.
# Builds what it needs (skip with RELIABILITY_SKIP_BUILD=1) and fetches a current nats-server into .tools/
# unless NATS_SERVER_BIN is set. Work folders (logs, stores, databases) go to reliability/target/runs/ and are
# deleted after a passing run unless --keep.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. scripts/prepare-run.sh
jar=reliability/target/natsaga-reliability.jar
prepare_run "$jar" "${RELIABILITY_SKIP_BUILD:-0}" "the samples and the runs" -DskipTests package -pl reliability -am

# RELIABILITY_JAVA_OPTS: extra JVM options, e.g. -Dnatsaga.reliability.h2.options=";WRITE_DELAY=500"
exec java -Xmx1g ${RELIABILITY_JAVA_OPTS:-} -Dnatsaga.project.root="$root" -Dnatsaga.nats.server.bin="$NATS_SERVER_BIN" -jar "$jar" "$@"
