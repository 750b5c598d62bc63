#!/usr/bin/env bash
# README command 1: installs what is missing, builds the app, and serves it on its bundled sample.
#   scripts/start.sh            builds release and serves on http://127.0.0.1:8080/
#   PORT=9000 scripts/start.sh  another port
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/serve.mjs" --port "${PORT:-8080}"
