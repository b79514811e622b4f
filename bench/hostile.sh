#!/usr/bin/env bash
# Hostile-client suite (issue 14): starts a real hub from the CLI jar on loopback, replays each
# hole's attack against it (bounded in connections and time) while an honest subscriber and
# publisher measure their latency and a prober asks /healthz every 100 ms, and writes
# DIR/hostile.json and DIR/hostile.md (hub logs in DIR/logs). Each scenario gets a fresh hub.
# Exits 1 if any scenario is BROKEN (or the hub died), so it can gate a build.
#
#   bench/hostile.sh [--scenarios 1,2a,2b,3,4,5,6,7] [--out DIR] [--rebuild] [--attack-seconds N]
#
# The hub gets at most $HUB_NOFILE open files (default 3000) so the connection attacks exceed its
# limit with a few thousand sockets instead of twenty thousand; if the hub has a --max-connections
# flag it gets $HUB_MAX_CONNECTIONS (default 2000). The attacker may hold up to 20,000 files.
# Only 127.0.0.1 is attacked. Everything it starts is stopped on exit (trap), whatever happens.
# JVM flags: SLUICE_JAVA_OPTS (the hub), HOSTILE_JAVA_OPTS (the attacker); HOSTILE_EXTRA_CP puts
# classes before the bench jar (to iterate on the scenarios without repackaging).
set -euo pipefail

ARGS="$*"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/hostile-results"
REBUILD=0
PASS=()
SCENARIOS="1,2a,2b,3,4,5,6,7"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift ;;
    --attack-seconds|--drip-connections|--silent-connections|--selector-connections|--selector-patterns)
      PASS+=("$1" "$2"); shift ;;
    --out) OUT="$2"; shift ;;
    --rebuild) REBUILD=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "hostile.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

HOSTILE_PORT=${HOSTILE_PORT:-9190}
HUB_NOFILE=${HUB_NOFILE:-3000}
HUB_MAX_CONNECTIONS=${HUB_MAX_CONNECTIONS:-2000}
HUB_HEAP=${HUB_HEAP:-1g}
JWT_KEY=${HOSTILE_JWT_KEY:-sluice-hostile-hs256-secret-0123456789abcdef}
BENCH_JAR="$ROOT/sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT-load.jar"
SLUICE_JAR="$ROOT/sluice-cli/target/sluice.jar"

log() { echo "[hostile] $*" >&2; }
# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
trap stop_started EXIT INT TERM

if [[ $REBUILD == 1 || ! -f "$BENCH_JAR" || ! -f "$SLUICE_JAR" ]]; then
  log "building the Sluice jar and the bench jar"
  (cd "$ROOT" && mvn -B -ntp -q -DskipTests package -pl sluice-cli,sluice-bench -am)
fi

# --- The one place to adjust how the hub is started ---------------------------------------------
# Runs in the foreground (the script backgrounds it), listens on 127.0.0.1:$HOSTILE_PORT, verifies
# HS256 tokens with $JWT_KEY, lets anonymous subscribers in (holes 1 and 4 need no token) and
# publishes subscription events (hole 6). Flags the hub may not have yet are added only if
# `serve --help` lists them.
start_hub_cmd() {
  local extra=()
  if java -jar "$SLUICE_JAR" serve --help 2>/dev/null | grep -q -- '--max-connections'; then
    extra+=(--max-connections "$HUB_MAX_CONNECTIONS")
  fi
  ulimit -n "$HUB_NOFILE"
  exec java -Xms"$HUB_HEAP" -Xmx"$HUB_HEAP" ${SLUICE_JAVA_OPTS:-} -jar "$SLUICE_JAR" serve \
    --bind 127.0.0.1 --port "$HOSTILE_PORT" --jwt-key "$JWT_KEY" --allow-anonymous --subscriptions \
    --protocol-version-compatibility 8 `# sluice-bench's Jwts mints draft-08 tokens without iss/aud` \
    --data-dir "$OUT/hub-data" --store memory "${extra[@]}"
}
# -------------------------------------------------------------------------------------------------

rm -rf "$OUT"; mkdir -p "$OUT/logs"
if (exec 3<>"/dev/tcp/127.0.0.1/$HOSTILE_PORT") 2>/dev/null; then
  log "port $HOSTILE_PORT is already in use: set HOSTILE_PORT"; exit 2
fi
# The attacker holds thousands of sockets: give it the hard limit (20,000 here).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Each scenario gets a fresh hub, so what one attack leaves behind (a backlog of matching work, a
# full log) does not colour the next one's figures.
STATUS=0
IFS=',' read -r -a SCENARIO_LIST <<< "$SCENARIOS"
for scenario in "${SCENARIO_LIST[@]}"; do
  HUB_LOG="$OUT/logs/hub-$scenario.log"
  rm -rf "$OUT/hub-data"
  (start_hub_cmd) >"$HUB_LOG" 2>&1 &
  HUB_PID=$!
  STARTED+=("$HUB_PID")
  if ! wait_port "$HOSTILE_PORT" "$HUB_PID"; then STATUS=1; stop_started; continue; fi
  log "scenario $scenario: hub pid $HUB_PID on 127.0.0.1:$HOSTILE_PORT (open-file limit $HUB_NOFILE), log $HUB_LOG"
  java -Xmx768m ${HOSTILE_JAVA_OPTS:-} -cp "${HOSTILE_EXTRA_CP:+$HOSTILE_EXTRA_CP:}$BENCH_JAR" \
    dev.sluice.bench.hostile.HostileMain --append --scenarios "$scenario" \
    --port "$HOSTILE_PORT" --jwt-key "$JWT_KEY" --hub-log "$HUB_LOG" --out "$OUT" \
    --command "bench/hostile.sh $ARGS" "${PASS[@]}" > /dev/null || STATUS=1
  kill -0 "$HUB_PID" 2>/dev/null || { log "the hub died during scenario $scenario: see $HUB_LOG"; STATUS=1; }
  stop_started
done
log "results: $OUT/hostile.md"
exit $STATUS
