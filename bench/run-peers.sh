#!/usr/bin/env bash
# Side-by-side hub benchmark (issue 7): Sluice vs nginx + nchan vs a Spring Boot SseEmitter app,
# all on loopback, driven by the sluice-bench load generator.
#
#   bench/run-peers.sh [--quick] [--targets sluice,nchan,spring[,sluice-durable,sluice-io_uring,sluice-epoll,sluice-nio]]
#                      [--scenarios all|idle,fanout,...]
#                      [--out DIR] [--rebuild] [--no-warmup] [--rate EVENTS_PER_SECOND] [--events N]
#
# Installs what is missing (Debian nginx-light + libnginx-mod-nchan, the Spring peer jar, the
# bench jar, the Sluice jar), then for each target in turn: starts it, runs the scenarios against
# it, stops it. Writes DIR/<target>-<scenario>.json, DIR/summary.md and DIR/img/*.png.
# Before its scenarios each target gets the same small warm-up rounds, not reported (--no-warmup
# skips them; --quick runs have none). --rate changes the paced scenarios' publish rate and
# --events every scenario's event count (a paced run then lasts events / rate seconds).
# Everything it starts is stopped on exit (trap), whatever happens.
# Targets sluice-io_uring, sluice-epoll and sluice-nio are the "sluice" target (history in memory)
# on that I/O transport (--io-transport); "sluice" itself runs the default (auto: io_uring if the
# kernel allows it, else epoll). Ports: SLUICE_PORT, NCHAN_PORT, SPRING_PORT (9180-9182 unless set).
# JVM flags: SLUICE_JAVA_OPTS (the hub), SPRING_JAVA_OPTS (the Spring peer), BENCH_JAVA_OPTS (the
# generator's coordinator, e.g. -Dsluice.bench.ioThreads=4 for its workers' event-loop threads),
# BENCH_WORKER_JAVA_OPTS (the generator's forked workers, e.g. -Xlog:gc:file=/tmp/worker-%p.log;
# they run ParallelGC with their whole heap touched at start, -Xmx768m each unless --worker-heap).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=""
TARGETS="sluice,nchan,spring"
SCENARIOS="all"
OUT="$ROOT/bench-results"
REBUILD=0
RATE=""
EVENTS=""
WARMUP="--warmup"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --targets) TARGETS="$2"; shift ;;
    --scenarios) SCENARIOS="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --rebuild) REBUILD=1 ;;
    --no-warmup) WARMUP="" ;;
    --rate) RATE="--rate $2"; shift ;;
    --events) EVENTS="--events $2"; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run-peers.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

[[ -n $QUICK ]] && WARMUP=""

NCHAN_PORT=${NCHAN_PORT:-9181}
SPRING_PORT=${SPRING_PORT:-9182}
SLUICE_PORT=${SLUICE_PORT:-9180}
SERVER_HEAP=${SERVER_HEAP:-2g}   # same heap cap for both JVM targets
# Shared HS256 secret: the hub verifies with it, the generator mints its tokens from it.
SLUICE_JWT_KEY=${SLUICE_JWT_KEY:-sluice-bench-hs256-secret-0123456789abcdef}
BENCH_JAR="$ROOT/sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT-load.jar"
SPRING_DIR="$ROOT/bench/peers/spring-sse"
SPRING_JAR="$SPRING_DIR/target/spring-sse-peer.jar"
SLUICE_JAR="$ROOT/sluice-cli/target/sluice.jar"

# --- The one place to adjust how the Sluice hub is started -------------------------------------
# Must run in the foreground (the script backgrounds it) and listen on 127.0.0.1:$SLUICE_PORT
# with HS256 key $SLUICE_JWT_KEY for both publishers and subscribers.
# $1 is the store, $2 the I/O transport (auto, io_uring, epoll, nio): target "sluice" keeps history in memory, as both peers do (nchan in shared
# memory, Spring in a list), so the columns compare like with like; target "sluice-durable" runs
# the hub's default, the MVStore file with a group-committed fsync before each publish's 200.
start_sluice_cmd() {
  SLUICE_JWT_KEY="$SLUICE_JWT_KEY" exec java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" ${SLUICE_JAVA_OPTS:-} -jar "$SLUICE_JAR" serve \
    --bind 127.0.0.1 --port "$SLUICE_PORT" --jwt-key "$SLUICE_JWT_KEY" --data-dir "$OUT/sluice-data" \
    --protocol-version-compatibility 8 `# sluice-bench's Jwts mints draft-08 tokens without iss/aud` \
    --store "$1" --io-transport "${2:-auto}" \
    --history-size 20000  # the same replay window as the peers (nchan and Spring keep 20,000)
}
# ------------------------------------------------------------------------------------------------

# One process may hold at most 20,000 open files here: everything started below inherits this.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT" "$OUT/img" "$OUT/logs"

# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
cleanup() { stop_started; }
trap cleanup EXIT INT TERM

log() { echo "[run-peers] $*" >&2; }


# --- Install what is missing -------------------------------------------------------------------
want() { [[ ",$TARGETS," == *",$1,"* ]]; }
want_sluice() { [[ ",$TARGETS," == *",sluice"* ]]; }
if want nchan && { ! command -v nginx >/dev/null || [[ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]]; }; then
  log "installing nginx-light + libnginx-mod-nchan"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-nchan >/dev/null
fi
if [[ $REBUILD == 1 || ! -f "$BENCH_JAR" ]]; then
  log "building the load generator"
  (cd "$ROOT" && mvn -B -ntp -q -pl sluice-bench -am package -DskipTests)
fi
if want spring && [[ $REBUILD == 1 || ! -f "$SPRING_JAR" ]]; then
  log "building the Spring SseEmitter peer"
  (cd "$SPRING_DIR" && mvn -q -B -ntp package -DskipTests)
fi
if want_sluice; then
  if [[ -d "$ROOT/sluice-cli" ]]; then
    if [[ $REBUILD == 1 || ! -f "$SLUICE_JAR" ]]; then
      log "building the Sluice jar"
      (cd "$ROOT" && mvn -B -ntp -q -pl sluice-cli -am package -DskipTests)
    fi
    if ! java -jar "$SLUICE_JAR" serve --help >/dev/null 2>&1; then
      log "this sluice.jar has no 'serve' command yet: the Sluice column stays 'pending the hub'"
      TARGETS=$(echo ",$TARGETS," | sed 's/,sluice[a-z_-]*,/,/g; s/^,//; s/,$//')
    fi
  else
    log "sluice-cli is not in this tree yet: the Sluice column stays 'pending the hub'"
    TARGETS=$(echo ",$TARGETS," | sed 's/,sluice,/,/; s/^,//; s/,$//')
  fi
fi

# --- Targets ---------------------------------------------------------------------------------
SERVER_PID=""
start_target() {
  case "$1" in
    nchan)
      local dir="$OUT/nchan-runtime"; mkdir -p "$dir"
      sed -e "s/__PORT__/$NCHAN_PORT/g" -e "s#__DIR__#$dir#g" "$ROOT/bench/peers/nchan/nginx.conf" > "$dir/nginx.conf"
      nginx -p "$dir" -c "$dir/nginx.conf" -g "pid $dir/nginx.pid;" >"$OUT/logs/nchan.log" 2>&1 &
      SERVER_PID=$!; PORT=$NCHAN_PORT; KIND=nchan; JVM=""; AUTH="" ;;
    spring)
      java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" ${SPRING_JAVA_OPTS:-} -jar "$SPRING_JAR" --server.port="$SPRING_PORT" \
        >"$OUT/logs/spring.log" 2>&1 &
      SERVER_PID=$!; PORT=$SPRING_PORT; KIND=spring; JVM="--jvm"; AUTH="" ;;
    sluice|sluice-durable|sluice-io_uring|sluice-epoll|sluice-nio)
      local store=memory io=auto; [[ $1 == sluice-durable ]] && store=mvstore && rm -rf "$OUT/sluice-data"
      [[ $1 == sluice-io_uring || $1 == sluice-epoll || $1 == sluice-nio ]] && io=${1#sluice-}
      (start_sluice_cmd "$store" "$io") >"$OUT/logs/$1.log" 2>&1 &
      SERVER_PID=$!; PORT=$SLUICE_PORT; KIND=mercure; JVM="--jvm"; AUTH="--jwt-key $SLUICE_JWT_KEY" ;;
    *) log "unknown target $1"; return 1 ;;
  esac
  STARTED+=("$SERVER_PID")
  wait_port "$PORT" "$SERVER_PID"
}

STATUS=0
IFS=',' read -r -a TARGET_LIST <<< "$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  log "== $t"
  if ! start_target "$t"; then STATUS=1; cleanup; continue; fi
  sleep 2 # let the server finish starting up before it is measured
  java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" run --kind "$KIND" --name "$t" --port "$PORT" $JVM $QUICK $WARMUP $RATE $EVENTS \
      --server-pid "$SERVER_PID" $AUTH --scenario "$SCENARIOS" --out "$OUT" \
    || STATUS=1
  cleanup
done

java -jar "$BENCH_JAR" report --dir "$OUT" --img "$OUT/img" --targets "$TARGETS" > /dev/null
log "results: $OUT/summary.md (plots in $OUT/img)"
if [[ $STATUS != 0 ]]; then log "some run lost, duplicated or reordered events, or failed connections: see the tables"; fi
exit $STATUS
