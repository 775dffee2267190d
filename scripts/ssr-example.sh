#!/usr/bin/env bash
# Builds the SSR example (examples/ssr-axum) without cargo-leptos: the leptos_axum server binary
# (target/debug/gvk-ssr, feature `ssr`) and the hydrating client (the example's lib, feature
# `hydrate`, for wasm32, through wasm-bindgen into target/ssr-site/pkg/gvk_ssr{.js,_bg.wasm}).
#   bash scripts/ssr-example.sh          build
#   bash scripts/ssr-example.sh run      build, then serve on 127.0.0.1:${PORT:-3000}
# Also builds the same site paying per session (feature `split`: LazyVisitorUi, hydrated, the kit a
# lazily loaded chunk), as cargo-leptos --split would: the server as target/ssr-split-site/gvk-ssr
# and its split client in target/ssr-split-site/pkg/ (steps of scripts/split-build.sh).
# Expects the tools of scripts/setup.sh (run by the README commands) on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
fail() { printf '[ssr-example] FAILED: %s\n              command: %s\n' "$1" "$2" >&2; exit 1; }
site=target/ssr-site

# The split site first (its server binary is copied out; the plain one is built after it).
split_site=target/ssr-split-site
cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr,split \
  || fail cargo "cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr,split"
rm -rf "$split_site" && mkdir -p "$split_site/pkg"
cp target/debug/gvk-ssr "$split_site/gvk-ssr"
cargo rustc -p gvk-ssr-example --lib --crate-type cdylib --target wasm32-unknown-unknown --features hydrate,split \
  --profile ssr-client -- -C link-args=--emit-relocs \
  || fail cargo "cargo rustc -p gvk-ssr-example --lib --crate-type cdylib ... --features hydrate,split -- -C link-args=--emit-relocs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli target/wasm32-unknown-unknown/ssr-client/gvk_ssr_example.wasm "$work" --out-name gvk_ssr >/dev/null \
  || fail wasm-split-cli "wasm-split-cli .../gvk_ssr_example.wasm $work --out-name gvk_ssr"
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-name gvk_ssr --out-dir "$split_site/pkg" "$work/gvk_ssr.wasm" \
  || fail wasm-bindgen "wasm-bindgen --keep-lld-exports --out-name gvk_ssr --out-dir $split_site/pkg ..."
cp "$work/__wasm_split.js" "$work"/split_*.wasm "$split_site/pkg/"

cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr \
  || fail cargo "cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr"
cargo build -p gvk-ssr-example --lib --target wasm32-unknown-unknown --features hydrate --profile ssr-client \
  || fail cargo "cargo build -p gvk-ssr-example --lib --target wasm32-unknown-unknown --features hydrate --profile ssr-client"
mkdir -p "$site/pkg"
wasm-bindgen --target web --no-typescript --out-name gvk_ssr --out-dir "$site/pkg" \
  target/wasm32-unknown-unknown/ssr-client/gvk_ssr_example.wasm \
  || fail wasm-bindgen "wasm-bindgen --target web --out-name gvk_ssr --out-dir $site/pkg ..."
echo "[ssr-example] built target/debug/gvk-ssr and $site/pkg/ (split: $split_site/)"
if [ "${1:-}" = run ]; then
  rm -rf "$work" # (exec skips the EXIT trap)
  exec env GVK_ADDR="127.0.0.1:${PORT:-3000}" GVK_SITE_ROOT="$site" target/debug/gvk-ssr
fi
