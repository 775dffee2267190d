#!/usr/bin/env bash
# The benchmark (not part of the test command): size, event burst, memory, mount, pay per session. Builds the
# minimal host app, an empty Leptos app, the kit without components (examples/core) and the
# benchmark page in release (wasm-opt -Oz) into
# target/bench/, prints the minimal app's size items (code per crate, the 20 largest functions, data;
# bench/wasm-items.mjs), then drives Chromium with bench/run.mjs. Each figure is printed beside its
# target.
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
build core examples/core/index.html
build page examples/bench/index.html

# Size items after optimisation: the same wasm-bindgen and wasm-opt -Oz steps as trunk's, with the
# function names kept (-g), then read by bench/wasm-items.mjs.
items=target/bench/items
rm -rf "$items" && mkdir -p "$items"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$items" \
  target/wasm32-unknown-unknown/release/gvk-minimal.wasm || fail wasm-bindgen "wasm-bindgen --keep-debug (size items)"
wasm-opt -Oz -g "$items/gvk-minimal_bg.wasm" -o "$items/named.wasm" || fail wasm-opt "wasm-opt -Oz -g (size items)"
echo "Size items of the minimal host app's wasm (after wasm-opt -Oz, names kept; bytes before gzip):"
node bench/wasm-items.mjs "$items/named.wasm" 20
# The smallest useful set (the same bin without the media flows): built after the items, which read
# the full build's artifact.
build consent examples/minimal/index-consent.html
node bench/run.mjs
# Memory per session on the pay-per-session issue's workload, after 2,000 and 6,000 cycles.
echo
node bench/memory.mjs 2000 6000
# Pay per session: the split build of the minimal app and of the empty app (the same pipeline), the
# page-view size and how soon the kit is there (bench/split.mjs).
bash scripts/split-build.sh examples/minimal target/bench/split-minimal || fail split-build "bash scripts/split-build.sh examples/minimal target/bench/split-minimal"
bash scripts/split-build.sh examples/empty target/bench/split-empty || fail split-build "bash scripts/split-build.sh examples/empty target/bench/split-empty"
node bench/split.mjs

# Optional: the same split build against Glance's real shipped loader and core (GLANCE_TREE, as
# scripts/real-glance.sh): the kit in place before Glance's own sessionstart, fast and Fast 3G.
node bench/real-glance-3g.mjs
