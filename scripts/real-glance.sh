#!/usr/bin/env bash
# Optional layer: the kit against Glance's real shipped visitor scripts (6.33.0; 6.1.1 for the
# video-script fallback), with Glance's service faked on loopback: every check in Chromium
# (Playwright routes), and a whole session in Chromium, Firefox and WebKit (WebDriver).
#
#   GLANCE_TREE=<folder> bash scripts/real-glance.sh
#
# <folder> holds `self-hosted-scripts/version_6.33.0/` (and `version_6.1.1/`) of Glance's public
# package (GitHub joebelmonte/chooseyourvisitor). Glance's code is never part of this repository and
# CI never needs it: without GLANCE_TREE this says it skipped and exits 0.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${GLANCE_TREE:-}" ]; then
  echo "[real-glance] skipped: set GLANCE_TREE to a folder holding self-hosted-scripts/version_6.33.0/"
  exit 0
fi
if [ ! -f "$GLANCE_TREE/self-hosted-scripts/version_6.33.0/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js" ]; then
  echo "[real-glance] FAILED: no self-hosted-scripts/version_6.33.0/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js under $GLANCE_TREE" >&2
  exit 1
fi
bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release || { echo "[real-glance] FAILED: trunk build --release" >&2; exit 1; }
bash scripts/split-build.sh examples/minimal target/split/minimal || { echo "[real-glance] FAILED: bash scripts/split-build.sh examples/minimal target/split/minimal" >&2; exit 1; }
export GLANCE_TREE="$(cd "$GLANCE_TREE" && pwd)"
# Chromium with Playwright's routing (every check), then one whole session in each engine through
# WebDriver, with the service faked by a TLS server of the test's own.
rc=0
node --test --test-concurrency=1 e2e/real-glance.mjs || rc=1
for engine in chromium firefox webkit; do
  echo "[real-glance] $engine: e2e/real-glance-engines.mjs"
  GVK_ENGINE=$engine node --test e2e/real-glance-engines.mjs || rc=1
done
exit $rc
