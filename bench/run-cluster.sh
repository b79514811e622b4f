#!/usr/bin/env bash
# Cross-node latency of a Sluice cluster (issue 6), measured by the sluice-bench load generator.
#
#   bench/run-cluster.sh [--subscribers N] [--rate EVENTS_PER_S] [--seconds S] [--warmup S]
#                        [--nginx] [--out DIR] [--rebuild]
#                        [--nodes N] [--engine redis|postgres] [--sources K] [--base-port P]
#
# Starts its own redis-server (no persistence, temp dir) — or with --engine postgres its own
# PostgreSQL (initdb in a temp dir, durable defaults) — and three hub nodes (A, B, C; --nodes N for
# more) from the shaded jar, all on loopback ports, with --transport redis://… or postgresql://…;
# then runs the generator's "latency" scenario with N subscribers spread over every node but A
# while it publishes on node A at a fixed rate for S seconds (defaults: 1,000 subscribers,
# 200 events/s, 30 s), after an unrecorded warm-up run of the same load (default 10 s) so the
# nodes' JIT is not what is measured. With --nginx it runs the same load a second time through
# nginx in front of the nodes (docs/cluster.md). The generator spreads subscribers over worker
# processes (9,000 each) and source addresses 127.0.0.1..K (--sources, default 8). --base-port P
# puts the engine on P, nginx on P+1 and node i on P+10+i (default: free ports). Node memory (RSS)
# is sampled every 2 s: idle before the run and peak during it, per node and per subscriber.
# Environment: NODE_HEAP (default 512m), WORKER_HEAP (256m), MAX_RUN (PT5M; a worker waits for its
# subscribers at most half of it), CONNECT_RATE (connects/s offered, all workers together; default
# the scenario's 2,000 — lower it where the machine connects slower, or workers stop waiting).
# Prints p50/p90/p99/p99.9/max and the integrity verdict (lost/duplicated/out of order), writes
# DIR/<run>-latency.json, DIR/summary.md and DIR/img/*.png, and stops everything it started
# (trap), whatever happens. Exit 0 when every event reached every subscriber once and in order.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SUBSCRIBERS=1000
RATE=200
SECONDS_=30
WARMUP=10
NGINX=0
OUT="$ROOT/bench-results/cluster"
REBUILD=0
NODES=3
ENGINE=redis
SOURCES=8
BASE_PORT=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --subscribers) SUBSCRIBERS="$2"; shift ;;
    --rate) RATE="$2"; shift ;;
    --seconds) SECONDS_="$2"; shift ;;
    --nginx) NGINX=1 ;;
    --out) OUT="$2"; shift ;;
    --rebuild) REBUILD=1 ;;
    --warmup) WARMUP="$2"; shift ;;
    --nodes) NODES="$2"; shift ;;
    --engine) ENGINE="$2"; shift ;;
    --sources) SOURCES="$2"; shift ;;
    --base-port) BASE_PORT="$2"; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run-cluster.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in "$SUBSCRIBERS" "$RATE" "$SECONDS_"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "run-cluster.sh: not a positive whole number: $v" >&2; exit 2; }
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "run-cluster.sh: --warmup is not a whole number: $WARMUP" >&2; exit 2; }
[[ "$NODES" =~ ^[0-9]+$ && "$NODES" -ge 2 && "$NODES" -le 26 ]] || { echo "run-cluster.sh: --nodes must be 2 to 26: $NODES" >&2; exit 2; }
[[ "$ENGINE" == redis || "$ENGINE" == postgres ]] || { echo "run-cluster.sh: --engine must be redis or postgres: $ENGINE" >&2; exit 2; }
[[ "$SOURCES" =~ ^[1-9][0-9]*$ && "$SOURCES" -le 254 ]] || { echo "run-cluster.sh: --sources must be 1 to 254: $SOURCES" >&2; exit 2; }
[[ "$BASE_PORT" =~ ^[0-9]+$ && "$BASE_PORT" -le 65000 ]] || { echo "run-cluster.sh: --base-port is not a port: $BASE_PORT" >&2; exit 2; }
EVENTS=$((RATE * SECONDS_))

NODE_HEAP=${NODE_HEAP:-512m}
SLUICE_JWT_KEY=${SLUICE_JWT_KEY:-sluice-bench-hs256-secret-0123456789abcdef}
BENCH_JAR="$ROOT/sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT-load.jar"
SLUICE_JAR="$ROOT/sluice-cli/target/sluice.jar"

log() { echo "[run-cluster] $*" >&2; }

if [[ $ENGINE == redis ]]; then
  command -v redis-server >/dev/null || { log "redis-server is not installed (apt-get install redis-server)"; exit 2; }
else
  PG_BIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x "$PG_BIN/initdb" ]] || { log "PostgreSQL is not installed (apt-get install postgresql)"; exit 2; }
fi
if [[ $NGINX == 1 ]] && ! command -v nginx >/dev/null; then
  log "nginx is not installed (apt-get install nginx-light)"; exit 2
fi
if [[ $REBUILD == 1 || ! -f "$BENCH_JAR" || ! -f "$SLUICE_JAR" ]]; then
  log "building the hub and load generator jars"
  (cd "$ROOT" && mvn -B -ntp -q -DskipTests package -pl sluice-cli,sluice-bench -am)
fi

mkdir -p "$OUT/logs" "$OUT/img"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sluice-cluster.XXXXXX")

# shellcheck source=lib/processes.sh
source "$ROOT/bench/lib/processes.sh"
cleanup() {
  if [[ -n "${PG_DIR:-}" && -f "$PG_DIR/data/postmaster.pid" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m fast >/dev/null 2>&1 || true
  fi
  stop_started
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# Redis and nginx need a port chosen up front: take one below the kernel's ephemeral range, so no
# outgoing connection of another process holds it as its source port. The nodes bind port 0 and
# report theirs.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
TAKEN=" "
free_port() { # free_port OFFSET: BASE_PORT+OFFSET with --base-port, else a free one
  if [[ $BASE_PORT -gt 0 ]]; then
    if (exec 3<>"/dev/tcp/127.0.0.1/$((BASE_PORT + $1))") 2>/dev/null; then
      log "port $((BASE_PORT + $1)) is in use (--base-port $BASE_PORT)"; return 1
    fi
    echo $((BASE_PORT + $1)); return 0
  fi
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % (EPHEMERAL_LOW - 20000)))
    [[ "$TAKEN" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then TAKEN+="$p "; echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}


ENGINE_PORT=$(free_port 0)
if [[ $ENGINE == redis ]]; then
  # --- Redis: one stream shared by the nodes; no persistence needed for a measurement ----------
  redis-server --port "$ENGINE_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
    >"$OUT/logs/redis.log" 2>&1 &
  STARTED+=("$!"); wait_port "$ENGINE_PORT" "$!" 60
  TRANSPORT="redis://127.0.0.1:$ENGINE_PORT/0"
  log "redis on 127.0.0.1:$ENGINE_PORT"
else
  # --- PostgreSQL: one table shared by the nodes; PostgreSQL's durable defaults ----------------
  # initdb and postgres refuse to run as root: as root, run them as the postgres user.
  PG_DIR="$TMP/pg"
  mkdir -p "$PG_DIR"
  # setpriv executes the command in place (runuser would fork), so the pid in STARTED is postgres's.
  as_pg() { if [[ $(id -u) == 0 ]]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
  [[ $(id -u) == 0 ]] && chown postgres "$TMP" "$PG_DIR"
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U sluice --auth=trust >"$OUT/logs/initdb.log" 2>&1
  as_pg "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$ENGINE_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1 \
    -c max_connections=300 >"$OUT/logs/postgres.log" 2>&1 &
  STARTED+=("$!"); wait_port "$ENGINE_PORT" "$!" 60
  TRANSPORT="postgresql://sluice@127.0.0.1:$ENGINE_PORT/postgres"
  log "postgresql on 127.0.0.1:$ENGINE_PORT"
fi

# --- Hub nodes A, B, C, … -----------------------------------------------------------------------
declare -A NODE_PORT NODE_PID
NAMES=()
for i in $(seq 0 $((NODES - 1))); do NAMES+=("$(printf "\\x$(printf %x $((65 + i)))")"); done
for node in "${NAMES[@]}"; do
  index=$(( $(printf %d "'$node") - 65 ))
  bind_port=0
  [[ $BASE_PORT -gt 0 ]] && bind_port=$((BASE_PORT + 10 + index))
  java -Xms"$NODE_HEAP" -Xmx"$NODE_HEAP" -jar "$SLUICE_JAR" serve --bind 127.0.0.1 --port "$bind_port" \
    --transport "$TRANSPORT" --jwt-key "$SLUICE_JWT_KEY" --store memory \
    --protocol-version-compatibility 8 `# sluice-bench's Jwts mints draft-08 tokens without iss/aud` \
    --data-dir "$TMP/data-$node" >"$OUT/logs/node-$node.log" 2>&1 &
  NODE_PID=$!
  STARTED+=("$NODE_PID")
  port=""
  for _ in $(seq 300); do # the hub prints "Sluice hub listening on http://127.0.0.1:PORT/…" once bound
    port=$(sed -n 's#^Sluice hub listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$OUT/logs/node-$node.log")
    [[ -n "$port" ]] && break
    kill -0 "$NODE_PID" 2>/dev/null || { log "node $node died at start (see $OUT/logs/node-$node.log)"; exit 1; }
    sleep 0.2
  done
  [[ -n "$port" ]] || { log "node $node did not report its port within 60 s"; exit 1; }
  NODE_PORT[$node]=$port
  NODE_PID[$node]=$NODE_PID
  log "node $node on 127.0.0.1:$port (pid $NODE_PID)"
done
SUB_PORTS=""
for node in "${NAMES[@]:1}"; do SUB_PORTS+="${SUB_PORTS:+,}${NODE_PORT[$node]}"; done

# --- Node memory: RSS every 2 s into one file per node (the peak is taken per measured run) ----
rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || echo 0; }
sample_rss() {
  while true; do
    for node in "${NAMES[@]}"; do echo "$(date +%s) $(rss_kib "${NODE_PID[$node]}")" >>"$TMP/rss-$node"; done
    sleep 2
  done
}
sample_rss &
STARTED+=("$!")

# --- Optional nginx in front (the config of docs/cluster.md, with this run's ports) ------------
if [[ $NGINX == 1 ]]; then
  NGINX_PORT=$(free_port 1)
  mkdir -p "$TMP/nginx"
  cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  upstream sluice {
    least_conn;
$(for node in "${NAMES[@]}"; do echo "    server 127.0.0.1:${NODE_PORT[$node]} max_fails=1 fail_timeout=5s;"; done)
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    # The one change from docs/cluster.md: nginx closes a client connection after 1,000 requests
    # by default, and the generator publishes over one kept-alive connection (so that the order of
    # publishes is its own) without reconnecting.
    keepalive_requests 1000000;
    location / {
      proxy_pass http://sluice;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_next_upstream error timeout http_503;
      client_max_body_size 1m;
    }
  }
}
EOF
  nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g "pid $TMP/nginx/nginx.pid;" >"$OUT/logs/nginx.log" 2>&1 &
  STARTED+=("$!"); wait_port "$NGINX_PORT" "$!" 60
  log "nginx on 127.0.0.1:$NGINX_PORT"
fi

# --- The measurement --------------------------------------------------------------------------
STATUS=0
generate() { # out dir, name, subscriber ports (comma list), publish port, events
  java -Xmx256m -jar "$BENCH_JAR" run --kind mercure --name "$2" --port "$3" --publish-port "$4" \
      --jwt-key "$SLUICE_JWT_KEY" --scenario latency --subscribers "$SUBSCRIBERS" --events "$5" \
      --rate "$RATE" --worker-heap "${WORKER_HEAP:-256m}" --max-run "${MAX_RUN:-PT5M}" --sources "$SOURCES" \
      ${CONNECT_RATE:+--connect-rate "$CONNECT_RATE"} --out "$1"
}
measure() { # name, subscriber ports (comma list), publish port
  if [[ $WARMUP -gt 0 ]]; then
    log "== $1: warm-up, $WARMUP s (not recorded)"
    generate "$TMP/warmup" "$1" "$2" "$3" $((RATE * WARMUP)) >/dev/null 2>&1 \
      || log "warm-up of $1 was not clean (ignored; the measured run reports its own integrity)"
  fi
  log "== $1: $SUBSCRIBERS subscribers on port(s) $2, publishing on $3 at $RATE/s for $SECONDS_ s"
  rm -f "$OUT/$1-latency.json"
  local from node
  from=$(date +%s)
  for node in "${NAMES[@]}"; do rss_kib "${NODE_PID[$node]}" >"$TMP/idle-$node"; done
  generate "$OUT" "$1" "$2" "$3" "$EVENTS" || STATUS=1
  report_memory "$1" "$from"
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1])).get("connect",{}); print("connect (%s): %s of %s subscribers in %.1f s (%s/s), %s failed" % (sys.argv[2], c.get("connected"), c.get("attempted"), c.get("seconds",0), c.get("perSecond"), c.get("failed")))' \
      "$OUT/$1-latency.json" "$1" 2>/dev/null | tee -a "$OUT/memory.txt" || true
  fi
}
report_memory() { # run name, start time: idle RSS (just before the run) and peak during it
  local per=$((SUBSCRIBERS / (NODES - 1)))
  {
    echo "node memory ($1): idle RSS before the run, peak RSS during it; subscribers on every node but A (~$per each)"
    for node in "${NAMES[@]}"; do
      awk -v from="$2" -v node="$node" -v per="$per" -v idle="$(cat "$TMP/idle-$node")" '
        $1 >= from && $2 > peak { peak = $2 }
        END { extra = (node == "A") ? "publisher" : sprintf("%.1f KiB per subscriber", (peak - idle) / per);
              printf "  %s: idle %.0f MiB, peak %.0f MiB (%s)\n", node, idle / 1024, peak / 1024, extra }' "$TMP/rss-$node"
    done
  } | tee -a "$OUT/memory.txt"
}
: >"$OUT/memory.txt"
RUNS="A-to-others"
measure A-to-others "$SUB_PORTS" "${NODE_PORT[A]}"
if [[ $NGINX == 1 ]]; then
  RUNS+=",via-nginx"
  measure via-nginx "$NGINX_PORT" "$NGINX_PORT"
fi

java -jar "$BENCH_JAR" report --dir "$OUT" --img "$OUT/img" --targets "$RUNS" > /dev/null
echo
echo "Cluster: $ENGINE 127.0.0.1:$ENGINE_PORT; nodes $(for n in "${NAMES[@]}"; do printf '%s :%s ' "$n" "${NODE_PORT[$n]}"; done)" \
  "${NGINX_PORT:+; nginx :$NGINX_PORT}"
echo "A-to-others: subscribers on every node but A, publishes on A.${NGINX_PORT:+ via-nginx: both through nginx (least_conn).}"
echo
sed -n '/^#### latency/,/^!\[/p' "$OUT/summary.md" | grep -v '^!\['
log "results: $OUT/summary.md (plots in $OUT/img, logs in $OUT/logs)"
[[ $STATUS == 0 ]] || log "a run lost, duplicated or reordered events, or failed connections: see the table"
exit $STATUS
