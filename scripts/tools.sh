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

ensure_rust_toolchain() {
  # rust-toolchain.toml names the compiler; rustup uses it for every cargo call in this folder.
  local pinned
  pinned="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")"
  if ! rustup toolchain list | grep -q "^$pinned"; then
    if [ "$(rustc +stable --version 2>/dev/null | awk '{print $2}')" = "$pinned" ]; then
      # The machine's stable toolchain is that compiler: name it, nothing to download.
      log "linking the stable toolchain as $pinned"
      rustup toolchain link "$pinned" "$(rustc +stable --print sysroot)"
    else
      log "installing the Rust toolchain $pinned"
      rustup toolchain install "$pinned" --profile minimal
    fi
  fi
}

ensure_rust_target() (
  # In the repository, so that rustup answers for the toolchain rust-toolchain.toml pins.
  cd "$ROOT"
  ensure_rust_toolchain
  # A toolchain linked by ensure_rust_toolchain takes no components itself: they go to the
  # stable toolchain whose folder it is.
  local owner=()
  if [ "$(rustc --print sysroot)" = "$(rustc +stable --print sysroot 2>/dev/null)" ]; then
    owner=(--toolchain stable)
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown"
    rustup target add "${owner[@]}" wasm32-unknown-unknown
  fi
  # rust-src: the release build compiles the standard library itself (see build.sh).
  for component in rustfmt clippy rust-src; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "adding rustup component $component"
      rustup component add "${owner[@]}" "$component"
    fi
  done
)

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

ensure_other_engines() {
  # The journeys in tests/engines/: Firefox ESR (driven over WebDriver BiDi, no geckodriver) and
  # WebKitGTK's MiniBrowser through WebKitWebDriver, under Xvfb (it has no headless mode).
  local missing=()
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  [ -x /usr/bin/Xvfb ] || missing+=(xvfb)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
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
  ensure_other_engines
  ensure_networkx
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_test_tools
fi
