#!/usr/bin/env bash
# The benchmark (not part of the test command): size, event burst, memory, mount. Builds the
# minimal host app, an empty Leptos app and the benchmark page in release (wasm-opt -Oz) into
# target/bench/, prints the top 20 size items of the minimal app (twiggy, installed from crates.io
# on first use), then drives Chromium with bench/run.mjs. Each figure is printed beside its target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null || exit 1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
fail() { printf '[bench] FAILED: %s\n        command: %s\n' "$1" "$2" >&2; exit 1; }
build() { # build NAME HTML
  local log; log=$(mktemp)
  trunk build "$2" --release --dist "target/bench/$1" >"$log" 2>&1 || { tail -n 30 "$log" >&2; fail trunk "trunk build $2 --release --dist target/bench/$1"; }
  rm -f "$log"
}
build minimal examples/minimal/index.html
build empty examples/empty/index.html
build page examples/bench/index.html

echo "Top 20 size items of the minimal host app (before wasm-bindgen and wasm-opt, names kept):"
if ! command -v twiggy >/dev/null 2>&1; then
  cargo install --locked twiggy --version 0.7.0 >/dev/null 2>&1 || cargo install twiggy >/dev/null 2>&1 \
    || echo "  (twiggy could not be installed: skipped)"
fi
if command -v twiggy >/dev/null 2>&1; then
  twiggy top -n 20 target/wasm32-unknown-unknown/release/gvk-minimal.wasm | sed 's/^/  /'
fi
node bench/run.mjs
