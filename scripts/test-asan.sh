#!/usr/bin/env bash
# Builds Scribe with AddressSanitizer + UndefinedBehaviorSanitizer (the `asan`
# preset, build-asan/) and runs the whole suite under them. The integration
# tests run the sanitized `scribe` binary of the same build directory.
# Any sanitizer report fails the run (exit code 86, with a stack trace).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

# The same options as the `asan` test preset, so a test binary run by hand
# from build-asan/ behaves the same way.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=0:exitcode=86:print_stacktrace=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:exitcode=86:print_stacktrace=1:report_error_type=1:symbolize=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-exitcode=86:print_suppressions=0}"

jobs="${SCRIBE_JOBS:-$(nproc)}"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"
