#!/usr/bin/env bash
# Runs every test layer: native (cargo test, with the ssr feature), browser (wasm-bindgen-test) and
# end-to-end (WebDriver against the release build served on 127.0.0.1, and against the SSR
# example's leptos_axum server), each in Chromium, Firefox and WebKit, and the dependency-floor check.
# Installs what is missing first. Ends with one line "N passed, N failed"; exits non-zero if any
# layer failed or ran no test.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

passed=0; failed=0; broken=()
log_dir=$(mktemp -d)

# Sums "test result: ... N passed; M failed" lines of cargo / wasm-bindgen-test output.
count_cargo() {
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$1" | awk '{s+=$1} END {print s+0}')
  echo "$p $f"
}

layer() { # layer NAME COUNTER COMMAND...
  local name=$1 counter=$2; shift 2
  local out="$log_dir/$name.log"
  printf '\n==> %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  read -r p f < <($counter "$out")
  printf '==> %s: %s passed, %s failed (exit %s)\n' "$name" "$p" "$f" "$rc"
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
    broken+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1))   # a layer that crashed or ran nothing counts as a failure
  fi
}

count_node() {
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail [0-9]+' "$1" | awk '{s+=$3} END {print s+0}')
  echo "$p $f"
}

# 1. Native: pure logic, property tests, SSR rendering, doc examples.
layer native count_cargo cargo test --no-fail-fast --features ssr

# 1b. What a host may leave out (cargo features, all on by default: the media flows, InvokeVisitor):
#     the library builds with each one off, and a request of a flow left out is declined at once,
#     exactly once.
features_check() {
  local all=(visitor-video document-share visitor-screenshare invoke) off on f
  for off in "${all[@]}"; do
    on=csr
    for f in "${all[@]}"; do [ "$f" = "$off" ] || on="$on,$f"; done
    echo "[features] cargo check --lib --target wasm32-unknown-unknown --no-default-features --features $on"
    cargo check -q --lib --target wasm32-unknown-unknown --no-default-features --features "$on" || return 1
  done
  echo "[features] cargo check --lib --no-default-features --features ssr"
  cargo check -q --lib --no-default-features --features ssr || return 1
  cargo test -q --no-default-features --features ssr --test model a_flow_left_out || return 1
  # Pay per session (feature split): the browser builds check (a split host runs in e2e/split.test.mjs),
  # and the server renders the gate only.
  echo "[features] cargo check --lib --target wasm32-unknown-unknown --features csr,split (and hydrate,split)"
  cargo check -q --lib --target wasm32-unknown-unknown --features csr,split || return 1
  cargo check -q --lib --target wasm32-unknown-unknown --features hydrate,split || return 1
  cargo test -q --features ssr,split --test ssr split
}
layer features count_cargo features_check

# 1c. What a host takes from the registry: the library, its CSS and scripts, the docs and licences,
#     no binary (the demo and the example hosts are workspace members). `cargo publish --dry-run`
#     is run by hand before a release: a cold verify build is too slow for every run.
package_check() {
  local list rc=0 f
  list=$(cargo package --list --allow-dirty 2>&1) || { echo "$list"; echo "[package] FAILED: cargo package --list"; return 1; }
  for f in Cargo.toml README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE build.rs src/lib.rs style/gvk.css \
           public/gvk-masking.js public/gvk-invoke-guard.js src/source/glance/ingress.js; do
    grep -qx "$f" <<<"$list" || { echo "[package] missing: $f"; rc=1; }
  done
  if grep -E '^(examples/|tests/|e2e/|bench/|scripts/|src/main\.rs|node_modules/)' <<<"$list"; then
    echo "[package] holds files a host does not need (above)"; rc=1
  fi
  [ $rc -eq 0 ] && echo "[package] $(wc -l <<<"$list") files; test result: 1 passed; 0 failed"
  [ $rc -eq 0 ] || echo "test result: 0 passed; 1 failed"
  return $rc
}
layer package count_cargo package_check

# 1d. Dependencies point one way: no module uses one of a higher layer, beyond the known arrows still
#     to be turned (scripts/deps-check.mjs prints the module graph).
deps_check() {
  node scripts/deps-check.mjs && echo "test result: 1 passed; 0 failed" || { echo "test result: 0 passed; 1 failed"; return 1; }
}
layer deps count_cargo deps_check

# 2. Browser: wasm-bindgen-test in each engine. The runner takes the first driver variable set, so
#    each run sets only its own: chromedriver (headless Chromium; webdriver.json has the flags),
#    geckodriver (headless Firefox ESR; webdriver.json has the fake-camera prefs), and for WebKit
#    a forwarder to WebKitGTK's WebKitWebDriver under Xvfb (MiniBrowser has no headless mode; the
#    forwarder adds its automation flags and mock camera).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=180
unset CHROMEDRIVER GECKODRIVER SAFARIDRIVER CHROMEDRIVER_REMOTE GECKODRIVER_REMOTE SAFARIDRIVER_REMOTE
browser_tests=(cargo test --target wasm32-unknown-unknown --test browser --test invoke --test theme)

# Builds the browser tests once (no driver needed), so that each engine's run only runs them.
build_browser_tests() { "${browser_tests[@]}" --no-run; }

free_port() { node --input-type=module -e 'import { freePort } from "./e2e/webdriver.mjs"; console.log(await freePort());'; }

# Each engine's run gets a temporary folder of its own (TMPDIR), removed after it: the runner stops
# chromedriver without ending its sessions, which leaves each browser profile (about 90 MB) behind.
browser_in() { # browser_in ENGINE
  local tmp rc
  tmp=$(mktemp -d)
  TMPDIR="$tmp" browser_run "$1"
  rc=$?
  rm -rf "$tmp"
  return $rc
}

browser_run() { # browser_run ENGINE
  case $1 in
    chromium) CHROMEDRIVER=/usr/bin/chromedriver "${browser_tests[@]}" ;;
    firefox) GECKODRIVER="$(command -v geckodriver)" "${browser_tests[@]}" ;;
    webkit)
      local port pid rc i
      port=$(free_port)
      xvfb-run -a -s "-screen 0 1920x1200x24" node e2e/webkit-driver.mjs "$port" &
      pid=$!
      for i in $(seq 1 100); do
        node -e 'fetch(process.argv[1]).then(()=>process.exit(0),()=>process.exit(1))' \
          "http://127.0.0.1:$port/status" 2>/dev/null && break
        sleep 0.2
      done
      SAFARIDRIVER_REMOTE="http://127.0.0.1:$port" "${browser_tests[@]}"
      rc=$?
      pkill -TERM -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      return $rc ;;
  esac
}

if build_browser_tests; then
  for engine in chromium firefox webkit; do
    layer "browser ($engine)" count_cargo browser_in "$engine"
  done
else
  echo "[test] FAILED: building the browser tests"; broken+=("browser (build)"); failed=$((failed + 1))
fi

# 3. End-to-end: build once (the release demo, the SSR example, the theme check page), then the
#    same test files in each engine through WebDriver (e2e/webdriver.mjs), served on 127.0.0.1.
build_e2e() {
  trunk build --release || { echo "[test] FAILED: trunk build --release" >&2; return 1; }
  trunk build examples/theme-check/index.html --release --dist target/theme-check \
    || { echo "[test] FAILED: trunk build examples/theme-check/index.html" >&2; return 1; }
  bash scripts/ssr-example.sh || return 1
  bash scripts/split-build.sh examples/minimal target/split/minimal \
    || { echo "[test] FAILED: bash scripts/split-build.sh examples/minimal target/split/minimal" >&2; return 1; }
}
if build_e2e; then
  for engine in chromium firefox webkit; do
    layer "e2e ($engine)" count_node env GVK_ENGINE="$engine" node --test --test-concurrency=1 e2e/
  done
else
  broken+=("e2e (build)"); failed=$((failed + 1))
fi

# 3b. The split build's own step on its own (scripts/chunk-imports.mjs: what it moves, what it
#     refuses), on the host the e2e build just compiled.
layer scripts count_node node --test scripts/tests/

# 4. Dependency floors: the library builds against the oldest versions its Cargo.toml claims.
count_floors() {
  if grep -q '^\[floors\] ok' "$1"; then echo "1 0"; else echo "0 1"; fi
}
layer floors count_floors bash scripts/check-floors.sh

rm -rf "$log_dir"
echo
if [ ${#broken[@]} -gt 0 ]; then echo "failing layers: ${broken[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#broken[@]} -eq 0 ]
