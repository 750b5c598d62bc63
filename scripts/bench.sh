#!/usr/bin/env bash
# Builds and runs the benchmark (see BENCHMARKS.md): Event Lens vs d3-force vs fjadra for layout,
# vs JSON.parse for loading, plus download size and time to the first page, in one headless
# Chromium run.
#   scripts/bench.sh            the full run: 1k, 2k, 5k, 20k (and 100k with --with-100k) events
#   scripts/bench.sh --smoke    a small fast run (part of scripts/test.sh, so it cannot rot)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/tools.sh
ensure_test_tools

smoke=false
sizes="1000 2000 5000 20000"
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true; sizes="1000" ;;
    --with-100k) sizes="$sizes 100000" ;;
  esac
done

[ -f dist/event_lens_bg.wasm ] && [ -f dist/layout_worker.wasm ] || scripts/build.sh

log "building the benchmark's wasm: for loading like the app's main module, for fjadra like the layout worker's"
# The loader exactly as the app's release build compiles it (see build.sh): std built with it,
# panics as traps.
(cd bench && RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
  cargo build --quiet --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
(cd bench && cargo build --quiet --profile speed --target wasm32-unknown-unknown)
rm -rf bench/dist && mkdir -p bench/dist/data
wasm-bindgen --target web --no-typescript --out-dir bench/dist --out-name event_lens_bench \
  bench/target/wasm32-unknown-unknown/release/event_lens_bench.wasm
wasm-bindgen --target web --no-typescript --out-dir bench/dist --out-name event_lens_bench_speed \
  bench/target/wasm32-unknown-unknown/speed/event_lens_bench.wasm
cp bench/page/* bench/dist/
# Our layout as shipped: the very module the app's layout worker runs.
cp dist/layout_worker.wasm bench/dist/
for lib in d3-dispatch d3-quadtree d3-timer d3-force; do cp "node_modules/$lib/dist/$lib.js" bench/dist/; done

log "generating the benchmark graphs (seeded)"
profile=release
$smoke && profile=dev
cargo build --quiet --profile "$profile" --bin generate-export
generator="target/$([ "$profile" = dev ] && echo debug || echo release)/generate-export"
layout_entries=""
for n in $sizes; do
  "$generator" --events "$n" --relations $((n * 3)) --seed 7 --summaries-only > "bench/dist/data/layout-$n.json"
  layout_entries="$layout_entries{\"file\": \"layout-$n.json\"},"
done
# Loading: about 10 MB and 50 MB of export with full content (a 2.5 MB one for the smoke run).
if $smoke; then load_sizes="1000"; else load_sizes="2600 13000"; fi
load_entries=""
for n in $load_sizes; do
  "$generator" --events "$n" --relations $((n * 3)) --seed 11 > "bench/dist/data/load-$n.json"
  load_entries="$load_entries{\"file\": \"load-$n.json\"},"
done
printf '{"layout": [%s], "load": [%s]}\n' "${layout_entries%,}" "${load_entries%,}" > bench/dist/data/manifest.json

log "running the benchmark in headless Chromium"
if $smoke; then
  node bench/run.mjs --smoke
else
  node bench/run.mjs "$@"
fi
