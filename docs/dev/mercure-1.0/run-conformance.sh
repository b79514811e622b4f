#!/usr/bin/env bash
# Run one edition of Mercure's conformance suite against a running hub.
#   ./run.sh current http://127.0.0.1:8181      (1.0 edition, HEAD of dunglas/mercure)
#   ./run.sh 2025    http://127.0.0.1:8182      (2025 edition, commit bbf271c, draft-08 tokens)
# <hubUrl> is the hub's origin (scheme://host:port); the suite appends /.well-known/mercure.
# Results: list output on stdout, JSON in results-<edition>.json next to this script.
# Exit status: Playwright's (0 = every test passed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
edition="${1:?usage: run.sh <current|2025> <hubUrl>}"
hub="${2:?usage: run.sh <current|2025> <hubUrl>}"
dir="$here/$edition"
[ -f "$dir/mercure.spec.ts" ] || { echo "no such edition: $dir" >&2; exit 2; }
if [ ! -d "$dir/node_modules/@playwright/test" ]; then
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
# The suite's config loads .env (CUSTOM_ID=1: the publish response body must be the
# publisher-supplied id); our override config does not, so export it here.
set -a; . "$dir/.env"; set +a
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export MERCURE_EDITION_DIR="$dir"
export BASE_URL="${hub%/}/.well-known/mercure"
export MERCURE_RESULTS="$here/results-$edition.json"
export MERCURE_OUT_DIR="$here/out-$edition"
cd "$dir"
exec ./node_modules/.bin/playwright test -c "$here/playwright.sluice.config.js" "${@:3}"
