#!/usr/bin/env bash
# The natsaga benchmark: the framework against raw jnats on a nats-server of its own.
#
#   bench/run.sh            full run: 3 s warm-up + 10 s per side and measurement, 3 repeats, medians (~15 min)
#   bench/run.sh --quick    1 s warm-up + 2 s, once (about 1 min 45 s once built)
#   bench/run.sh --profile --quick --only consume --side framework
#                           the same under JFR (1 ms CPU sampling); prints the JfrReport summary
#
# Other options go to dev.natsaga.bench.BenchMain: --only ID[,ID] (publish-async, publish-sync, consume, publish-async-observed, consume-observed, consume-validated, encrypted,
# latency, memory, saga), --side framework|raw, --warmup S, --measure S, --repeats N, --sync-always,
# --note TEXT, --out FILE. Builds what it needs (skip with BENCH_SKIP_BUILD=1), fetches a current
# nats-server into .tools/ unless NATS_SERVER_BIN is set, prints the table and writes
# bench/results/latest.json (a --profile run writes bench/results/profile-*.json and *.jfr instead).
# BENCH_JAVA_OPTS: extra JVM options, e.g. -Dnatsaga.bench.h2.options=;WRITE_DELAY=0 (saga rows: a file write per
# commit instead of the samples' group commit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

profile=0
args=()
for a in "$@"; do
  case "$a" in
    --profile) profile=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

. scripts/prepare-run.sh
jar=bench/target/natsaga-bench.jar
prepare_run "$jar" "${BENCH_SKIP_BUILD:-0}" "the bench" -DskipTests package -pl bench -am

java_opts=(-Xmx1g -XX:+UseG1GC -Dnatsaga.project.root="$root" ${BENCH_JAVA_OPTS:-})
out=(--out bench/results/latest.json)
if [ "$profile" = 1 ]; then
  stamp=$(date +%Y%m%d-%H%M%S)
  jfr="bench/results/profile-$stamp.jfr"
  java_opts+=("-XX:StartFlightRecording=filename=$jfr,settings=profile,jdk.ExecutionSample#period=1ms" -Xlog:jfr=warning)
  out=(--out "bench/results/profile-$stamp.json")
fi

status=0
java "${java_opts[@]}" -jar "$jar" "${out[@]}" ${args[@]+"${args[@]}"} || status=$?
if [ "$profile" = 1 ] && [ -f "$jfr" ]; then
  echo
  echo "JFR recording: $jfr"
  java -cp "$jar" dev.natsaga.bench.JfrReport "$jfr" --top 30
fi
exit $status
