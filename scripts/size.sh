#!/usr/bin/env bash
# Size report: builds the release demo (dist/) and the minimal host app (target/size/minimal: only
# GlanceSource + VisitorUi) and prints each .wasm, .js and .css raw and gzip -9 (and brotli when
# installed). The kit's CSS is compiled into the wasm (the provider injects it), so the minimal
# app has no .css file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null || exit 1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

build() { # build COMMAND...: quiet unless it fails; then the tool, the command and its output's tail
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    printf '[size] FAILED: %s\n       command: %s\n' "$1" "$*" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"; exit 1
  fi
  rm -f "$log"
}
build trunk build --release
build trunk build examples/minimal/index.html --release --dist target/size/minimal

report() { # report TITLE DIR
  local total_raw=0 total_gz=0 total_br=0
  printf '\n%s (%s)\n' "$1" "$2"
  printf '  %-44s %10s %10s %10s\n' file raw gzip-9 brotli
  # (wasm-bindgen puts a crate's JavaScript modules under snippets/: counted too)
  while IFS= read -r f; do
    local raw gz br="-"
    raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
    if command -v brotli >/dev/null 2>&1; then br=$(brotli -c -q 11 "$f" | wc -c); total_br=$((total_br + br)); fi
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    printf '  %-44s %10d %10d %10s\n' "${f#"$2"/}" "$raw" "$gz" "$br"
  done < <(find "$2" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) | sort)
  printf '  %-44s %10d %10d %10s\n' total "$total_raw" "$total_gz" "$([ "$total_br" -gt 0 ] && echo "$total_br" || echo -)"
  awk -v b="$total_gz" 'BEGIN { printf "  gzip total: %.1f KB (Glance default visitor UI: 34.5 KB)\n", b / 1000 }'
}
report "demo site" dist
report "minimal host app: GlanceSource + VisitorUi" target/size/minimal

# What the kit adds to a server-rendered app's hydrate bundle: the SSR example's client (release,
# wasm-opt -Oz) with the kit and without it (feature `without-kit`).
hydrate_bundle() { # hydrate_bundle OUT [FEATURES]
  local out=target/size/$1
  build cargo build -p gvk-ssr-example --lib --target wasm32-unknown-unknown --release --features "hydrate${2:+,$2}"
  mkdir -p "$out"
  build wasm-bindgen --target web --no-typescript --out-name gvk_ssr --out-dir "$out" \
    target/wasm32-unknown-unknown/release/gvk_ssr_example.wasm
  build wasm-opt -Oz "$out/gvk_ssr_bg.wasm" -o "$out/gvk_ssr_bg.wasm"
}
hydrate_bundle ssr-with-kit
report "SSR example's hydrate bundle, with the kit" target/size/ssr-with-kit
hydrate_bundle ssr-without-kit without-kit
# (wasm-bindgen copies the kit's snippet next to the build without the kit too, unused: not counted.)
rm -rf target/size/ssr-without-kit/snippets
report "SSR example's hydrate bundle, without the kit" target/size/ssr-without-kit
gz_of() { find "$1" -type f \( -name '*.wasm' -o -name '*.js' \) -exec sh -c 'gzip -9c "$1" | wc -c' _ {} \; | awk '{s+=$1} END {print s}'; }
awk -v a="$(gz_of target/size/ssr-with-kit)" -v b="$(gz_of target/size/ssr-without-kit)" \
  'BEGIN { printf "\nthe kit in a hydrate bundle: +%.1f KB gzip (%.1f KB with it, %.1f KB without)\n", (a - b) / 1000, a / 1000, b / 1000 }'
