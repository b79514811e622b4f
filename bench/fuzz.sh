#!/usr/bin/env bash
# Coverage-guided fuzzing of every sluice-fuzz target (docs/security.md, "Fuzzing").
#
#   bench/fuzz.sh [--duration 5m] [--only CLASS_PATTERN] [--ignore DEDUP_TOKEN,...] [--out DIR]
#                 [--summary-only]
#
# Runs `mvn verify -pl sluice-fuzz -am -Pfuzz`: each target class is fuzzed by Jazzer in its own
# JVM for --duration (default 5m). The corpus each target grows is kept between runs in
# sluice-fuzz/.cifuzz-corpus/ (not committed); a crashing input is written next to the target's
# seeds (src/test/resources/.../<Class>Inputs/<method>/crash-*) and fails the run: fix the bug,
# keep the file as a regression seed.
# --ignore skips findings with those deduplication tokens (printed as DEDUP_TOKEN after a finding),
# to keep fuzzing past a known finding that is not fixed yet (sluice-fuzz/findings/README.md).
# Writes DIR/fuzz.log (Maven's output) and DIR/fuzz-summary.md (one row per target: executions,
# executions/s, coverage, the corpus libFuzzer holds and the files kept on disk across runs,
# crashes), and prints the summary. DIR defaults to
# bench-results/. --summary-only rewrites the summary from an existing DIR/fuzz.log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION="5m"
ONLY='dev.sluice.fuzz.*FuzzTest,dev.sluice.hub.internal.selector.*FuzzTest'
OUT="$ROOT/bench-results"
IGNORE=()
RUN=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --ignore) IGNORE=("-Djazzer.ignore=$2"); shift ;;
    --summary-only) RUN=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$OUT"
LOG="$OUT/fuzz.log"
SUMMARY="$OUT/fuzz-summary.md"

cd "$ROOT"
status=0
# -Dtest selects only the fuzz targets, so the modules built by -am run none of their own tests.
if [[ $RUN == 1 ]]; then
  mvn -B -ntp verify -pl sluice-fuzz -am -Pfuzz -DskipITs "-Dfuzz.duration=$DURATION" \
    "-Dtest=$ONLY" -Dsurefire.failIfNoSpecifiedTests=false ${IGNORE[@]+"${IGNORE[@]}"} >"$LOG" 2>&1 || status=$?
fi

# Per target, attributed to the class surefire was running: libFuzzer's last status line
# ("#N DONE cov: C ft: F corp: U/Bb ... exec/s: E"), its "Done N runs in S second(s)", and the
# inputs it wrote as findings ("Test unit written to .../crash-<sha1>").
{
  echo "Fuzzing for $DURATION per target (as asked), summarized $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| Target | Executions | Seconds | Exec/s | Coverage (edges) | Corpus (units/bytes) | Corpus files on disk | Crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  awk '
    /^\[INFO\] Running / { cls = $3; sub(/.*\./, "", cls) }
    /^#[0-9]+\t.* cov: / {
      for (i = 1; i <= NF; i++) {
        if ($i == "cov:") cov[cls] = $(i + 1)
        if ($i == "corp:") corp[cls] = $(i + 1)
      }
    }
    /^Done [0-9]+ runs in [0-9]+ second/ { runs[cls] = $2; secs[cls] = $5; order[++n] = cls }
    /Test unit written to .*\/(crash|timeout)-/ { crash[cls]++ }
    END {
      for (k = 1; k <= n; k++) {
        c = order[k]
        rate = secs[c] > 0 ? int(runs[c] / secs[c]) : runs[c]
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", c, runs[c], secs[c], rate, cov[c], corp[c], crash[c]
      }
    }' "$LOG" | while IFS=$'\t' read -r cls runs secs rate cov corp crashes; do
      files=$(find sluice-fuzz/.cifuzz-corpus -path "*.$cls/*" -type f 2>/dev/null | wc -l)
      echo "| $cls | $runs | $secs | $rate | $cov | $corp | $files | $crashes |"
    done
  echo
  echo "Crash files next to the seeds (fix, then keep as regression seeds):"
  find sluice-fuzz/src/test/resources -name 'crash-*' -o -name 'timeout-*' | sed 's/^/  /'
  if [[ $RUN == 1 ]]; then echo "Maven exit status: $status (log: $LOG)"; else echo "Summary of $LOG"; fi
} | tee "$SUMMARY"
exit "$status"
