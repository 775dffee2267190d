#!/usr/bin/env bash
# Pay per session for a client-side app: builds a host app of examples/ with the kit's `split`
# feature and splits its wasm, so that a page view loads only the page-view gate and the kit comes
# as a chunk when a session needs it (see the README, "Pay per session"; trunk cannot split yet).
#
#   bash scripts/split-build.sh EXAMPLE OUT_DIR
#
# EXAMPLE is a folder under examples/ whose main.rs is a bin of examples/hosts (e.g. examples/minimal,
# bin gvk-minimal); OUT_DIR gets index.html, app.js, app_bg.wasm, the chunk loader
# (__wasm_split.js), the chunks (*.wasm) and the snippets: serve it with any static file server
# (.wasm as application/wasm). The steps, for a host of your own:
#   1. cargo rustc --release --target wasm32-unknown-unknown --bin APP --features split
#        -- -C link-args=--emit-relocs        (the splitter follows the relocations)
#   2. wasm-split-cli APP.wasm DIR --out-name app   (crate wasm_split_cli_support, feature build-binary:
#        the splitter cargo-leptos uses for --split; writes DIR/app.wasm, the chunks, __wasm_split.js)
#   3. wasm-bindgen --target web --keep-lld-exports DIR/app.wasm (the main module only)
#   4. wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int on every .wasm
#   5. node scripts/chunk-imports.mjs DIR: the glue of the imports only the chunks call moves out
#        of app.js into split_glue.js, which the chunk loader fetches beside the chunk; their
#        forwarding functions leave the main module, and the snippets only that glue uses leave the
#        page view (about 4 KB gzip less per page view; optional)
#   6. node scripts/short-imports.mjs DIR/app_bg.wasm DIR/app.js: the glue's import names without
#        their hashes, in the wasm and in app.js (about 5 KB gzip less per page view; optional)
#   7. esbuild --minify on every .js file (app.js, __wasm_split.js, split_glue.js, the snippets), as
#        cargo-leptos minifies a release build's JavaScript (about 2 KB gzip less per page view; optional)
#   8. an index.html that imports app.js and calls its default export.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bash scripts/split-build.sh EXAMPLE OUT_DIR   (e.g. examples/minimal target/split/minimal)" >&2; exit 2; }
example=${1%/}; out=$2
name=$(basename "$example")
bin=gvk-$name
[ -f "$example/main.rs" ] || { echo "split-build: $example/main.rs not found" >&2; exit 2; }
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
for tool in wasm-split-cli wasm-bindgen wasm-opt wasm-dis esbuild; do
  command -v "$tool" >/dev/null || { echo "split-build: $tool is missing (bash scripts/setup.sh installs it)" >&2; exit 1; }
done
cargo rustc -q -p gvk-hosts --release --target wasm32-unknown-unknown --bin "$bin" --features split \
  -- -C link-args=--emit-relocs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli "target/wasm32-unknown-unknown/release/$bin.wasm" "$work" --out-name app >/dev/null
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$out" --out-name app "$work/app.wasm"
cp "$work/__wasm_split.js" "$out/"
opt() { wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$1" -o "$2"; }
opt "$out/app_bg.wasm" "$out/app_bg.wasm"
for chunk in "$work"/*.wasm; do
  [ "$(basename "$chunk")" = app.wasm ] || opt "$chunk" "$out/$(basename "$chunk")"
done
# (GVK_SPLIT_STOP=before-chunk-imports: steps 1-4 only, for scripts/tests/chunk-imports.test.mjs.)
[ "${GVK_SPLIT_STOP:-}" = before-chunk-imports ] && exit 0
node scripts/chunk-imports.mjs "$out" >/dev/null
node scripts/short-imports.mjs "$out/app_bg.wasm" "$out/app.js" >/dev/null
find "$out" -name '*.js' | while read -r f; do
  esbuild --minify --log-level=error "$f" --outfile="$f" --allow-overwrite
done
cat >"$out/index.html" <<HTML
<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>glance-visitor-kit: $name (split)</title>
    <link rel="icon" href="data:," />
    <link rel="modulepreload" href="./app.js" />
    <script type="module">import init from "./app.js"; init({ module_or_path: "./app_bg.wasm" });</script>
  </head>
  <body><main><h1>glance-visitor-kit: $name, split build</h1></main></body>
</html>
HTML
