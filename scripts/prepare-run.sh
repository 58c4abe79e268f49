# Sourced by bench/run.sh and reliability/run.sh, from the repository root (no shebang: not run on its own).
#
#   prepare_run JAR SKIP WHAT MVN_ARGS...
#
# Exports NATS_SERVER_BIN (a current nats-server fetched into .tools/ when it is unset) and builds JAR with
# `mvn -q -B -ntp MVN_ARGS...` unless SKIP is 1 and JAR exists; WHAT names what the build makes.
prepare_run() {
  local jar=$1 skip=$2 what=$3
  shift 3
  if [ -z "${NATS_SERVER_BIN:-}" ]; then
    NATS_SERVER_BIN=$(scripts/fetch-nats-server.sh)
  fi
  export NATS_SERVER_BIN
  if [ "$skip" != 1 ] || [ ! -f "$jar" ]; then
    echo "building $what (mvn -q -B $*) ..." >&2
    mvn -q -B -ntp "$@" >&2
  fi
}
