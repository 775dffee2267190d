#!/usr/bin/env bash
# Builds the demo (release) and serves it on 127.0.0.1. Installs what is missing first.
# PORT=8080 by default (the next free port when 8080 is taken and PORT was not set); the address is
# printed once the server answers. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

fail() { printf '[demo] FAILED: %s\n       command: %s\n' "$1" "$2" >&2; exit 1; }

trunk build --release || fail trunk "trunk build --release"

# Free when nothing accepts a connection on it.
port_free() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(('127.0.0.1', $1)) else 1)"; }
if [ -n "${PORT:-}" ]; then
  port_free "$PORT" || fail python3 "port $PORT on 127.0.0.1 is in use (set PORT to a free one)"
else
  PORT=8080
  while ! port_free "$PORT"; do
    PORT=$((PORT + 1))
    [ "$PORT" -le 8180 ] || fail python3 "no free port between 8080 and 8180 on 127.0.0.1"
  done
fi

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$server" 2>/dev/null || fail python3 "python3 -m http.server $PORT --bind 127.0.0.1 --directory dist"
  sleep 0.1
done
python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)" 2>/dev/null \
  || fail python3 "python3 -m http.server $PORT --bind 127.0.0.1 --directory dist (no answer after 10 s)"

echo
echo "Demo: http://127.0.0.1:$PORT/   (simulated agent)"
echo "      http://127.0.0.1:$PORT/?source=glance&group=GROUP&site=staging   (real Glance script)"
echo "Press Ctrl+C to stop."
wait "$server"
