#!/usr/bin/env bash
# README command 2: runs every check and test. Installs what is missing first (rustup target,
# wasm-bindgen-cli, npm packages, Debian's chromium), so it works on a fresh machine.
#
#   1. formatting and lints (cargo fmt, clippy for the native and the wasm target)
#   2. native tests of the pure core (cargo test), and the layout snapshot again in wasm
#   3. the release build, exports read by networkx, a benchmark smoke run, then browser tests in
#      headless Chromium (node --test + playwright-core), the stable-only build in the browser,
#      and the journeys in Firefox ESR and WebKitGTK
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh
ensure_test_tools

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy (native, all targets, the app and the layout worker's module)"
cargo clippy --workspace --all-targets -- -D warnings
log "cargo clippy (wasm32)"
cargo clippy --workspace --lib --target wasm32-unknown-unknown -- -D warnings

log "native tests"
cargo test --workspace

log "layout determinism under wasm (wasm-bindgen-test-runner in Node)"
# The core alone (no `ui`): the UI's on-demand entry points import loaders that only a split
# build (scripts/build.sh) provides, and the layout does not need them.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --no-default-features --test layout_wasm

scripts/build.sh

log "exports read back by networkx"
mkdir -p tests/artifacts/exports
cargo build --quiet --bin event-lens
for format in graphml gexf csv; do
  target/debug/event-lens export --format "$format" www/sample.json -o "tests/artifacts/exports/sample.$format"
done
for format in graphml gexf; do
  target/debug/event-lens export --format "$format" tests/fixtures/hostile.json -o "tests/artifacts/exports/hostile.$format"
done
for format in graphml gexf csv; do
  target/debug/event-lens export --format "$format" tests/fixtures/control-characters.json \
    -o "tests/artifacts/exports/control-characters.$format"
done
target/debug/event-lens export --format csv --csv-raw tests/fixtures/control-characters.json \
  -o tests/artifacts/exports/control-characters-raw.csv
python3 -m unittest -v tests/networkx/test_exports.py

log "a standalone HTML file from the command line"
target/debug/event-lens standalone www/sample.json -o tests/artifacts/standalone.html --dist dist
# Data whose strings could end or escape a <script> element, and data from JSON Lines: the
# browser tests open these files too.
for input in tests/fixtures/script-breakers.json tests/fixtures/events.jsonl; do
  name="$(basename "${input%.*}")"
  target/debug/event-lens standalone "$input" -o "tests/artifacts/standalone-$name.html" --dist dist
done

log "generating the 2,000-event test export"
mkdir -p tests/artifacts
cargo run --quiet --bin generate-export -- --events 2000 --relations 6000 --seed 7 --summaries-only \
  > tests/artifacts/generated-2000.json

log "benchmark smoke run (the full run is scripts/bench.sh; see BENCHMARKS.md)"
scripts/bench.sh --smoke

log "browser tests (headless Chromium)"
node --test --test-concurrency=1 --test-reporter=spec tests/browser/*.test.mjs

log "the release built with stable options only, in the browser"
scripts/build.sh --stable
EVENT_LENS_DIST=target/dist-stable node --test --test-reporter=spec tests/stable/*.test.mjs

log "browser journeys in Firefox ESR and WebKitGTK"
node --test --test-concurrency=1 --test-reporter=spec tests/engines/*.test.mjs
