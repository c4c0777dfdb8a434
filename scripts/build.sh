#!/usr/bin/env bash
# Installs the Debian packages Scribe needs and builds it (build/ via the default preset).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
