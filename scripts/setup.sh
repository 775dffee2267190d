#!/usr/bin/env bash
# Installs what the demo and the tests need, skipping every tool that is already at the right version.
# Works on a fresh Debian machine that has only Rust (rustup), Node/npm and apt. Safe to run again.
# Tools land in ~/.cargo/bin (cargo tools) and ./node_modules (npm tools): a fresh clone finds both.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate in Cargo.lock
GECKODRIVER_VERSION=0.37.1
WASM_SPLIT_VERSION=0.2.4       # wasm_split_cli_support (cargo-leptos's splitter) for scripts/split-build.sh

say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] FAILED: %s\n        command: %s\n' "$1" "$2" >&2; exit 1; }
run() { # run TOOL COMMAND...: run the command; on failure name the tool and the command
  local tool=$1; shift
  "$@" || fail "$tool" "$*"
}

export PATH="$HOME/.cargo/bin:$PATH"

# 1. The three engines and their drivers, all Debian's: Chromium and ChromeDriver (the same
#    version), Firefox ESR (geckodriver comes from crates.io, step 4b), WebKitGTK's WebKitWebDriver
#    (it drives MiniBrowser) with Xvfb for MiniBrowser's display; brotli for the size report.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || need_apt+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || need_apt+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v gzip >/dev/null 2>&1 || need_apt+=(gzip)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "apt: installing ${need_apt[*]}"
  run apt-get $SUDO apt-get update -qq
  run "${need_apt[*]}" env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
else
  say "chromium $(chromium --version 2>/dev/null | awk '{print $2}'), firefox-esr $(/usr/bin/firefox-esr --version 2>/dev/null | awk '{print $3}'), WebKitWebDriver, xvfb: present"
fi

# 2. The wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup: adding wasm32-unknown-unknown"
  run rustup rustup target add wasm32-unknown-unknown
fi

# 3. trunk (slow: ~8 minutes on 2 cores; 0.22 needs a newer rustc).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "cargo: installing trunk $TRUNK_VERSION (takes several minutes)"
  run trunk cargo install --locked trunk --version "$TRUNK_VERSION"
else
  say "trunk $TRUNK_VERSION: present"
fi

# 4. wasm-bindgen-cli (its lockfile does not resolve offline-safe with --locked: install without it).
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "cargo: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  run wasm-bindgen-cli cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
else
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
fi

# 4b. geckodriver for Firefox (~3.5 minutes on 2 cores the first time).
if [ "$(geckodriver --version 2>/dev/null | head -n1 | awk '{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  say "cargo: installing geckodriver $GECKODRIVER_VERSION (takes a few minutes)"
  run geckodriver cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
else
  say "geckodriver $GECKODRIVER_VERSION: present"
fi

# 4c. wasm-split-cli, the splitter of the split build (scripts/split-build.sh; under a minute).
if ! command -v wasm-split-cli >/dev/null 2>&1 \
   || ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "cargo: installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION)"
  run wasm-split-cli cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
else
  say "wasm-split-cli $WASM_SPLIT_VERSION: present"
fi

# 5. npm tools: wasm-opt (binaryen 132, never Debian's), esbuild (the split build's minifier),
#    playwright-core, axe-core. Reinstalled when package-lock.json changed since the last install.
stamp=node_modules/.gvk-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp" || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ]; then
  say "npm: installing binaryen, esbuild, playwright-core, axe-core"
  run npm npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  say "npm tools: present"
fi
node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version_132' \
  || fail wasm-opt "node_modules/.bin/wasm-opt --version (expected version_132)"

# 6. Every crate of Cargo.lock, for every target and feature, before any offline build (trunk builds
#    with `offline = true`, so a crate only the demo or only wasm needs must already be in the
#    registry). Cheap when everything is there; `--locked` refuses a Cargo.lock that would change.
say "cargo: fetching every crate of Cargo.lock"
run cargo cargo fetch --locked
say "done"
