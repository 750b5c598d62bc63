#!/usr/bin/env bash
# Installs every tool the build and the tests need, at pinned versions, from package registries only.
# Idempotent: each step checks first and is skipped when the right version is already there.
# Sourced by build.sh, start.sh and test.sh; safe to run on its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Must equal the wasm-bindgen version in Cargo.lock: the CLI and the library share a wire format.
WASM_BINDGEN_VERSION="0.2.130"
# Splits the app's module at its `#[wasm_split]` points (build.sh); its output must suit the
# wasm_split_helpers in Cargo.lock.
WASM_SPLIT_VERSION="0.2.4"
# A real reader for the GraphML and GEXF exports, in the tests.
NETWORKX_VERSION="3.6.1"

log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*" >&2; }

ensure_rust_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  # rust-src: the release build compiles the standard library itself (see build.sh).
  for component in rustfmt clippy rust-src; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "adding rustup component $component"
      rustup component add "$component"
    fi
  done
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes about 3 minutes)"
    # Without --locked on purpose: the CLI's own lock file pins crates this toolchain cannot build.
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
  fi
}

ensure_wasm_split() {
  # The tool has no --version; cargo's list of installed packages says which one is there.
  if ! command -v wasm-split-cli >/dev/null ||
    ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION (takes about 2 minutes)"
    cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary \
      --locked --force
  fi
}

ensure_npm_packages() {
  # package-lock.json pins playwright-core (drives Chromium) and binaryen (wasm-opt).
  local stamp="$ROOT/node_modules/.event-lens-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    log "installing npm packages from package-lock.json"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$stamp"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian chromium"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_networkx() {
  if [ "$(python3 -c 'import networkx; print(networkx.__version__)' 2>/dev/null)" != "$NETWORKX_VERSION" ]; then
    log "installing networkx $NETWORKX_VERSION from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check "networkx==$NETWORKX_VERSION"
  fi
}

ensure_build_tools() {
  ensure_rust_target
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_npm_packages
}

ensure_test_tools() {
  ensure_build_tools
  ensure_chromium
  ensure_networkx
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_test_tools
fi
