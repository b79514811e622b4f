#!/usr/bin/env bash
# Cross-node latency of a Sluice cluster (issue 6), measured by the sluice-bench load generator.
#
#   bench/run-cluster.sh [--subscribers N] [--rate EVENTS_PER_S] [--seconds S] [--warmup S]
#                        [--nginx] [--out DIR] [--rebuild]
#
# Starts its own redis-server (no persistence, temp dir) and three hub nodes (A, B, C) from the
# shaded jar, all on free loopback ports, with --transport redis://…; then runs the generator's
# "latency" scenario with N subscribers spread over nodes B and C while it publishes on node A at
# a fixed rate for S seconds (defaults: 1,000 subscribers, 200 events/s, 30 s), after an unrecorded
# warm-up run of the same load (default 10 s) so the nodes' JIT is not what is measured. With
# --nginx it runs the same load a second time through nginx in front of the nodes (docs/cluster.md).
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
while [[ $# -gt 0 ]]; do
  case "$1" in
    --subscribers) SUBSCRIBERS="$2"; shift ;;
    --rate) RATE="$2"; shift ;;
    --seconds) SECONDS_="$2"; shift ;;
    --nginx) NGINX=1 ;;
    --out) OUT="$2"; shift ;;
    --rebuild) REBUILD=1 ;;
    --warmup) WARMUP="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run-cluster.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
for v in "$SUBSCRIBERS" "$RATE" "$SECONDS_"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "run-cluster.sh: not a positive whole number: $v" >&2; exit 2; }
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "run-cluster.sh: --warmup is not a whole number: $WARMUP" >&2; exit 2; }
EVENTS=$((RATE * SECONDS_))

NODE_HEAP=${NODE_HEAP:-512m}
SLUICE_JWT_KEY=${SLUICE_JWT_KEY:-sluice-bench-hs256-secret-0123456789abcdef}
BENCH_JAR="$ROOT/sluice-bench/target/sluice-bench-0.1.0-SNAPSHOT-load.jar"
SLUICE_JAR="$ROOT/sluice-cli/target/sluice.jar"

log() { echo "[run-cluster] $*" >&2; }

command -v redis-server >/dev/null || { log "redis-server is not installed (apt-get install redis-server)"; exit 2; }
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
  stop_started
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# Redis and nginx need a port chosen up front: take one below the kernel's ephemeral range, so no
# outgoing connection of another process holds it as its source port. The nodes bind port 0 and
# report theirs.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
TAKEN=" "
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % (EPHEMERAL_LOW - 20000)))
    [[ "$TAKEN" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then TAKEN+="$p "; echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}


# --- Redis: one stream shared by the nodes; no persistence needed for a measurement ------------
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
  >"$OUT/logs/redis.log" 2>&1 &
STARTED+=("$!"); wait_port "$REDIS_PORT" "$!" 60
log "redis on 127.0.0.1:$REDIS_PORT"

# --- Three hub nodes --------------------------------------------------------------------------
declare -A NODE_PORT
for node in A B C; do
  java -Xms"$NODE_HEAP" -Xmx"$NODE_HEAP" -jar "$SLUICE_JAR" serve --bind 127.0.0.1 --port 0 \
    --transport "redis://127.0.0.1:$REDIS_PORT/0" --jwt-key "$SLUICE_JWT_KEY" --store memory \
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
  log "node $node on 127.0.0.1:$port (pid $NODE_PID)"
done

# --- Optional nginx in front (the config of docs/cluster.md, with this run's ports) ------------
if [[ $NGINX == 1 ]]; then
  NGINX_PORT=$(free_port)
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
    server 127.0.0.1:${NODE_PORT[A]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${NODE_PORT[B]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${NODE_PORT[C]} max_fails=1 fail_timeout=5s;
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
      --rate "$RATE" --worker-heap 256m --max-run PT5M --out "$1"
}
measure() { # name, subscriber ports (comma list), publish port
  if [[ $WARMUP -gt 0 ]]; then
    log "== $1: warm-up, $WARMUP s (not recorded)"
    generate "$TMP/warmup" "$1" "$2" "$3" $((RATE * WARMUP)) >/dev/null 2>&1 \
      || log "warm-up of $1 was not clean (ignored; the measured run reports its own integrity)"
  fi
  log "== $1: $SUBSCRIBERS subscribers on port(s) $2, publishing on $3 at $RATE/s for $SECONDS_ s"
  rm -f "$OUT/$1-latency.json"
  generate "$OUT" "$1" "$2" "$3" "$EVENTS" || STATUS=1
}
RUNS="A-to-BC"
measure A-to-BC "${NODE_PORT[B]},${NODE_PORT[C]}" "${NODE_PORT[A]}"
if [[ $NGINX == 1 ]]; then
  RUNS+=",via-nginx"
  measure via-nginx "$NGINX_PORT" "$NGINX_PORT"
fi

java -jar "$BENCH_JAR" report --dir "$OUT" --img "$OUT/img" --targets "$RUNS" > /dev/null
echo
echo "Cluster: redis 127.0.0.1:$REDIS_PORT; nodes A :${NODE_PORT[A]}, B :${NODE_PORT[B]}, C :${NODE_PORT[C]}" \
  "${NGINX_PORT:+; nginx :$NGINX_PORT}"
echo "A-to-BC: subscribers on B and C, publishes on A.${NGINX_PORT:+ via-nginx: both through nginx (least_conn).}"
echo
sed -n '/^#### latency/,/^!\[/p' "$OUT/summary.md" | grep -v '^!\['
log "results: $OUT/summary.md (plots in $OUT/img, logs in $OUT/logs)"
[[ $STATUS == 0 ]] || log "a run lost, duplicated or reordered events, or failed connections: see the table"
exit $STATUS
