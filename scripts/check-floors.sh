#!/usr/bin/env bash
# Checks that the library builds against the oldest dependency versions its Cargo.toml claims (the
# `^` floors of leptos, wasm-bindgen, js-sys, web-sys, gloo-timers), for the browser (csr, wasm32)
# and the server (ssr, native). In a temporary copy of the library, each floor becomes an exact
# requirement (`=X.Y.Z`) and a fresh lockfile is resolved around them (everything else at the newest
# version that fits), so the project's own Cargo.lock and target/ stay untouched.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tmp=$(mktemp -d /tmp/gvk-floors.XXXXXX)
mkdir -p "$tmp/kit"
mkdir -p "$tmp/kit/public" && cp -r src style build.rs README.md "$tmp/kit/" && cp public/gvk-masking.js "$tmp/kit/public/"
# The library alone: no workspace, no dev-dependencies (tests are not built here).
awk '/^\[workspace\]/{skip=1} /^\[/{if($0!="[workspace]")skip=0} !skip' Cargo.toml \
  | awk '/^\[(target\..*\.)?dev-dependencies\]/{skip=1;next} /^\[/{skip=0} !skip' > "$tmp/kit/Cargo.toml"
cd "$tmp/kit"
exact() { # exact CRATE: turn the floor of CRATE into =X.Y.Z; prints the floor
  local v
  v=$(python3 - "$1" <<'PY'
import re, sys
crate = sys.argv[1]
text = open("Cargo.toml").read()
m = re.search(r'^%s = (?:"([0-9.]+)"|\{ *version = "([0-9.]+)")' % re.escape(crate), text, re.M) \
    or re.search(r'^\[dependencies\.%s\]\nversion = "([0-9.]+)"' % re.escape(crate), text, re.M)
v = next(g for g in m.groups() if g)
full = v + ".0" * (2 - v.count("."))
text = text.replace(m.group(0), m.group(0).replace('"%s"' % v, '"=%s"' % full), 1)
open("Cargo.toml", "w").write(text)
print(full)
PY
)
  echo "$v"
}
claimed=""
for crate in leptos wasm-bindgen js-sys web-sys gloo-timers; do
  claimed="$claimed $crate $(exact "$crate"),"
done
echo "[floors] claimed:$claimed"
status=0
cargo generate-lockfile -q 2>"$tmp/resolve.log" || { echo "[floors] FAILED: cargo generate-lockfile (the floors do not resolve together)"; tail -20 "$tmp/resolve.log"; rm -rf "$tmp"; exit 1; }
echo "[floors] resolved: $(for c in leptos leptos_macro tachys wasm-bindgen js-sys web-sys gloo-timers; do awk -v n="name = \"$c\"" '$0==n{getline; gsub(/"/,"",$3); printf "%s %s, ", n, $3}' Cargo.lock | sed 's/name = //'; done)"
export CARGO_TARGET_DIR="$tmp/target"
cargo check -q --lib --features csr --target wasm32-unknown-unknown || { echo "[floors] FAILED: cargo check --lib --features csr --target wasm32-unknown-unknown"; status=1; }
cargo check -q --lib --features ssr || { echo "[floors] FAILED: cargo check --lib --features ssr"; status=1; }
[ $status -eq 0 ] && echo "[floors] ok: the library builds against its declared floors (csr/wasm32 and ssr/native)"
rm -rf "$tmp"
exit $status
