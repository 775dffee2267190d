#!/usr/bin/env bash
# The browser storm test at any size and seed: bash scripts/storm.sh [EVENTS=100000] [SEED]
# (the test command runs it with 10,000 events and a fixed seed). A failure prints its seed; run
# this with that seed to replay it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null || exit 1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-1800}
export GVK_STORM_EVENTS=${1:-100000}
[ -n "${2:-}" ] && export GVK_STORM_SEED=$2
cargo test --target wasm32-unknown-unknown --test browser storm -- --nocapture
