#!/usr/bin/env bash
# Builds the demo (release) and serves it on 127.0.0.1. Installs what is missing first.
# PORT=8080 by default; `bash scripts/demo.sh` then open the printed address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT=${PORT:-8080}
trunk build --release || { echo "[demo] FAILED: trunk build --release" >&2; exit 1; }
echo
echo "Demo: http://127.0.0.1:$PORT/   (simulated agent)"
echo "      http://127.0.0.1:$PORT/?source=glance&group=GROUP&site=staging   (real Glance script)"
echo "Press Ctrl+C to stop."
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
