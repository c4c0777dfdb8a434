#!/usr/bin/env bash
# Builds Scribe and runs every test (unit and integration) with CTest in the
# normal build (build/). SCRIBE_ASAN=1 runs the same suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, scripts/test-asan.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --preset default -j "$(nproc)"
if [ "${SCRIBE_ASAN:-0}" = "1" ]; then
  scripts/test-asan.sh
fi
