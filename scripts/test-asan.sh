#!/usr/bin/env bash
# Builds Scribe with AddressSanitizer + UndefinedBehaviorSanitizer (the `asan`
# preset, build-asan/) and runs the whole suite under them. The integration
# tests run the sanitized `scribe` binary of that build directory.
# Any sanitizer report fails the run (exit code 86, with a stack trace).
#
# The test cases, fakes and Catch2 runner are not compiled a second time: the
# normal build (build/, built first if needed) compiled them, and build-asan/
# links those objects against its sanitized libraries (SCRIBE_REUSE_TEST_OBJECTS
# in tests/CMakeLists.txt). SCRIBE_ASAN_FULL=1 compiles and instruments the
# tests too (about twice the build time).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

# The same options as the `asan` test preset, so a test binary run by hand
# from build-asan/ behaves the same way.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=0:exitcode=86:print_stacktrace=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:exitcode=86:print_stacktrace=1:report_error_type=1:symbolize=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-exitcode=86:print_suppressions=0}"

jobs="${SCRIBE_JOBS:-$(nproc)}"
reuse=""
if [ "${SCRIBE_ASAN_FULL:-0}" != "1" ]; then
  scripts/build.sh  # the objects to reuse; a no-op when build/ is up to date
  reuse="$PWD/build"
fi
cmake --preset asan -DSCRIBE_REUSE_TEST_OBJECTS="$reuse" >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"
