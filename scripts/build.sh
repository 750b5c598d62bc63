#!/usr/bin/env bash
# Builds the deployable static site into dist/: index.html, boot.js, style.css, the bundled
# sample, and the wasm module with its JavaScript glue. Every path is relative, so dist/ works
# from any folder of any static host.
#
#   scripts/build.sh            release build, wasm-opt -Oz (what ships and what tests use)
#   scripts/build.sh --dev      unoptimised build, faster to compile, for quick iteration
#   scripts/build.sh --stable   release build with stable options only (no -Zbuild-std, no
#                               immediate-abort panics): proof that the app does not depend on
#                               one compiler's unstable flags; writes target/dist-stable/ (and
#                               builds in target/stable/, so the caches of the two do not clash)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/tools.sh"
ensure_build_tools

profile=release
stable=false
out="$ROOT/dist"
case "${1:-}" in
  --dev) profile=dev ;;
  --stable)
    stable=true
    out="$ROOT/target/dist-stable"
    export CARGO_TARGET_DIR="$ROOT/target/stable"
    ;;
esac
cargo_target="${CARGO_TARGET_DIR:-$ROOT/target}"
target_dir="$cargo_target/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo release)"

log "cargo build ($profile)"
# --emit-relocs keeps the linker's relocations in the module: wasm-split-cli needs them to move
# the code behind each split point (`#[wasm_split]`: the graph view, the exports, the Embed
# dialog) into modules of their own, loaded when first used, so the first download carries only
# what the pages need.
split_flags="-Clink-arg=--emit-relocs"
if [ "$stable" = true ]; then
  (cd "$ROOT" && RUSTFLAGS="--cfg erase_components $split_flags" \
    cargo build --lib --target wasm32-unknown-unknown --release)
elif [ "$profile" = release ]; then
  # The download is mostly code, so the release build also compiles the standard library, at the
  # app's opt-level, and turns a panic into a bare trap: no panic messages, locations or the
  # formatting they pull in (24 KB less gzip). Both options are unstable; RUSTC_BOOTSTRAP
  # enables them on the machine's stable toolchain (rust-src comes from rustup, like the wasm
  # target). A trap still shows the internal-error message: see src/ui/panic.rs.
  # `erase_components` is Leptos's own switch to type-erase components and views (AnyView at
  # component boundaries): less generic view code, 19 KB less gzip.
  (cd "$ROOT" && RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort --cfg erase_components $split_flags" \
    cargo build --lib --target wasm32-unknown-unknown --release -Zbuild-std=std,panic_abort)
else
  (cd "$ROOT" && RUSTFLAGS="$split_flags" \
    cargo build --lib --target wasm32-unknown-unknown --profile "$profile")
fi

staging="$cargo_target/dist-staging"
split_dir="$cargo_target/wasm-split"
rm -rf "$staging" "$split_dir"
mkdir -p "$staging"
log "wasm-split-cli"
# The on-demand modules share the main module's memory and function table: --keep-lld-exports
# keeps the table exported for them (wasm-bindgen drops it otherwise).
wasm-split-cli --target web --out-name event_lens "$target_dir/event_lens.wasm" "$split_dir"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$staging" --out-name event_lens \
  "$split_dir/event_lens.wasm"
node "$ROOT/scripts/split-loader.mjs" "$split_dir/__wasm_split.js" "$staging/__wasm_split.js"
# The feature flags match what rustc emits for wasm32-unknown-unknown by default.
wasm_features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue"
for part in "$split_dir"/*.wasm; do
  [ "$(basename "$part")" = event_lens.wasm ] || cp "$part" "$staging/"
done
if [ "$profile" = release ]; then
  log "wasm-opt -Oz"
  for module in "$staging"/*.wasm; do
    # shellcheck disable=SC2086
    "$ROOT/node_modules/.bin/wasm-opt" -Oz $wasm_features "$module" -o "$module"
  done
fi
# The layout worker's module: built for speed, plain C ABI (no wasm-bindgen), loaded by
# www/layout-worker.js only when a graph is shown.
# The load check's module (crates/load-check), the same way: loaded by www/load-check-worker.js
# only when large data on screen is replaced.
worker_profile=worker
[ "$profile" = dev ] && worker_profile=dev
log "cargo build layout-worker load-check ($worker_profile)"
(cd "$ROOT" && cargo build -p layout-worker -p load-check --target wasm32-unknown-unknown --profile "$worker_profile")
for module in layout_worker load_check; do
  worker_wasm="$cargo_target/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo worker)/$module.wasm"
  if [ "$profile" = release ]; then
    # shellcheck disable=SC2086
    "$ROOT/node_modules/.bin/wasm-opt" -O3 $wasm_features "$worker_wasm" -o "$staging/$module.wasm"
  else
    cp "$worker_wasm" "$staging/$module.wasm"
  fi
done
cp "$ROOT/index.html" "$staging/"
cp -R "$ROOT/www/." "$staging/"
if [ "$profile" = release ]; then
  # Part of the first download: the wasm-bindgen glue (70 KB as generated), the loader of the
  # on-demand modules and the stylesheet, minified (3.6 KB less gzip). The rest of www/ is small
  # or loaded later.
  for file in event_lens.js __wasm_split.js style.css; do
    "$ROOT/node_modules/.bin/esbuild" "$staging/$file" --minify --log-level=warning \
      --allow-overwrite --outfile="$staging/$file"
  done
fi
rm -rf "$out"
mv "$staging" "$out"
log "built ${out#"$ROOT"/} ($(du -sh "$out" | cut -f1)); wasm $(stat -c %s "$out/event_lens_bg.wasm") bytes"
