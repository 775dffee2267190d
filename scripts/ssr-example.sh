#!/usr/bin/env bash
# Builds the SSR example (examples/ssr-axum) without cargo-leptos: the leptos_axum server binary
# (target/debug/gvk-ssr, feature `ssr`) and the hydrating client (the example's lib, feature
# `hydrate`, for wasm32, through wasm-bindgen into target/ssr-site/pkg/gvk_ssr{.js,_bg.wasm}).
#   bash scripts/ssr-example.sh          build
#   bash scripts/ssr-example.sh run      build, then serve on 127.0.0.1:${PORT:-3000}
# Expects the tools of scripts/setup.sh (run by the README commands) on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
fail() { printf '[ssr-example] FAILED: %s\n              command: %s\n' "$1" "$2" >&2; exit 1; }
site=target/ssr-site

cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr \
  || fail cargo "cargo build -p gvk-ssr-example --bin gvk-ssr --features ssr"
cargo build -p gvk-ssr-example --lib --target wasm32-unknown-unknown --features hydrate --profile ssr-client \
  || fail cargo "cargo build -p gvk-ssr-example --lib --target wasm32-unknown-unknown --features hydrate --profile ssr-client"
mkdir -p "$site/pkg"
wasm-bindgen --target web --no-typescript --out-name gvk_ssr --out-dir "$site/pkg" \
  target/wasm32-unknown-unknown/ssr-client/gvk_ssr_example.wasm \
  || fail wasm-bindgen "wasm-bindgen --target web --out-name gvk_ssr --out-dir $site/pkg ..."
echo "[ssr-example] built target/debug/gvk-ssr and $site/pkg/"
if [ "${1:-}" = run ]; then
  exec env GVK_ADDR="127.0.0.1:${PORT:-3000}" GVK_SITE_ROOT="$site" target/debug/gvk-ssr
fi
