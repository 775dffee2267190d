#!/usr/bin/env bash
# Reproduces a fresh machine as far as crates and build outputs go: clones this repository's HEAD
# (committed work only, as CI sees it) into a new temporary folder and runs a README command there
# with an EMPTY cargo registry (CARGO_HOME) and no target/, dist/ or node_modules/. Tools already
# installed (~/.cargo/bin, Debian's chromium) are still found on PATH.
#
#   bash scripts/fresh-check.sh          the test command (bash scripts/test.sh)
#   bash scripts/fresh-check.sh demo     the demo command: waits for its address, fetches the page, stops it
#   bash scripts/fresh-check.sh size     the size report
#   bash scripts/fresh-check.sh bench    the benchmark (make bench)
#
# Prints the command's last lines and the wall time; exits with the command's status. Run it before
# resolving anything that touches set-up or dependencies.
set -uo pipefail
what=${1:-test}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/gvk-fresh.XXXXXX)
git clone -q "$repo" "$tmp/repo" || { echo "[fresh] FAILED: git clone $repo $tmp/repo" >&2; exit 1; }
mkdir -p "$tmp/cargo"
export CARGO_HOME="$tmp/cargo" PATH="$HOME/.cargo/bin:$PATH" CI=true
cd "$tmp/repo"
echo "[fresh] $(git log -1 --format='%h %s') in $tmp/repo, CARGO_HOME=$CARGO_HOME"
start=$(date +%s)
case "$what" in
  test) bash scripts/test.sh </dev/null 2>&1 | tee "$tmp/out.log"; rc=${PIPESTATUS[0]} ;;
  size) bash scripts/size.sh </dev/null 2>&1 | tee "$tmp/out.log"; rc=${PIPESTATUS[0]} ;;
  bench) bash scripts/bench.sh </dev/null 2>&1 | tee "$tmp/out.log"; rc=${PIPESTATUS[0]} ;;
  demo)
    PORT=${PORT:-18080} bash scripts/demo.sh </dev/null >"$tmp/out.log" 2>&1 &
    pid=$!
    rc=1
    while kill -0 "$pid" 2>/dev/null; do
      url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/' "$tmp/out.log" | head -n 1)
      if [ -n "$url" ]; then
        if python3 -c "import urllib.request,sys; b=urllib.request.urlopen('$url', timeout=5).read(); sys.exit(0 if b'gvk-demo' in b else 1)"; then
          echo "[fresh] $url answered with the demo page"; rc=0
        else
          echo "[fresh] $url did not serve the demo page"
        fi
        break
      fi
      sleep 2
    done
    pkill -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    tail -n 8 "$tmp/out.log"
    ;;
  *) echo "usage: bash scripts/fresh-check.sh [test|demo|size|bench]" >&2; exit 2 ;;
esac
echo "[fresh] $what: exit $rc after $(( $(date +%s) - start )) s (folder $tmp; remove it when done)"
exit "$rc"
