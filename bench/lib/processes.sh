# Shared by the bench scripts (sourced, not run): track what a script starts, stop all of it on
# exit, and wait for a started server to listen. The sourcing script defines log().

STARTED=()

# Stops every pid in STARTED: TERM first, KILL after 10 s.
stop_started() {
  for pid in "${STARTED[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED[@]:-}"; do
    [[ -n "$pid" ]] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED=()
}

# wait_port PORT PID [SECONDS]: until 127.0.0.1:PORT accepts connections, or PID dies (default 90 s).
wait_port() {
  local tries=$(( ${3:-90} * 5 ))
  for _ in $(seq "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { log "process $2 died before listening on $1"; return 1; }
    sleep 0.2
  done
  log "nothing listening on port $1 after ${3:-90} s"; return 1
}
