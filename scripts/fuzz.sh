#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan + UBSan, build-fuzz/) and
# runs each for a bounded time, two at a time, then prints executions per
# second and coverage per target.
#
#   scripts/fuzz.sh                 every target, 60 s each
#   scripts/fuzz.sh 300             every target, 5 minutes each
#   scripts/fuzz.sh 60 fuzz_time    one target
#   FUZZ_JOBS=1 scripts/fuzz.sh     one at a time (default: nproc, at most 2)
#
# Seeds come from fuzz/corpus/<target>/ (left untouched); the growing corpus
# lives in build-fuzz/corpus/, logs in build-fuzz/logs/, and any crashing
# input in build-fuzz/artifacts/<target>/ (reproduce: build-fuzz/fuzz/<target> FILE).
# Exits 1 when a target found a crash, leak, timeout or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS:-60}}"
shift || true
build=build-fuzz
jobs="${FUZZ_JOBS:-$(($(nproc) < 2 ? $(nproc) : 2))}"

scripts/install-deps.sh clang libclang-rt-14-dev
cmake -S . -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_CXX_FLAGS_FUZZ="-O1 -g" \
  -DSCRIBE_BUILD_FUZZ=ON -DSCRIBE_BUILD_TESTS=OFF -DSCRIBE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target scribe_fuzz_all -j "${SCRIBE_JOBS:-$(nproc)}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in fuzz_command fuzz_transcript fuzz_time fuzz_slack_frame fuzz_matrix_sync; do
    [ -x "$build/fuzz/$t" ] && targets+=("$t")
  done
fi

# Per target: seed corpus, dictionary, longest input.
seed_of() { echo "fuzz/corpus/${1#fuzz_}"; }
dict_of() {
  case "$1" in
    fuzz_command | fuzz_transcript) echo "fuzz/dict/command.dict" ;;
    fuzz_slack_frame | fuzz_matrix_sync) echo "fuzz/dict/json.dict" ;;
    *) echo "" ;;
  esac
}
max_len_of() {
  case "$1" in
    fuzz_slack_frame | fuzz_matrix_sync) echo 16384 ;;
    *) echo 1024 ;;
  esac
}

run_one() {
  local t="$1"
  set +e
  local corpus="$build/corpus/$t" artifacts="$build/artifacts/$t/" log="$build/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  local args=(-max_total_time="$seconds" -max_len="$(max_len_of "$t")" -timeout=10
              -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts")
  local dict
  dict="$(dict_of "$t")"
  [ -n "$dict" ] && args+=(-dict="$dict")
  # Leaks are findings too; the report must name where.
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$build/fuzz/$t" "${args[@]}" "$corpus" "$(seed_of "$t")" >"$log" 2>&1
  echo $? >"$build/logs/$t.rc"
}

echo "Fuzzing ${targets[*]} for ${seconds}s each, $jobs at a time (logs in $build/logs/)"
running=0
for t in "${targets[@]}"; do
  rm -f "$build/logs/$t.rc"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
failed=()
for t in "${targets[@]}"; do
  [ "$(cat "$build/logs/$t.rc" 2>/dev/null)" = "0" ] || failed+=("$t")
done

printf '\n%-18s %10s %12s %8s %8s %8s  %s\n' target "execs/s" runs cov ft corpus result
for t in "${targets[@]}"; do
  log="$build/logs/$t.log"
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
  result=ok
  if [[ " ${failed[*]} " == *" $t "* ]]; then
    result="FOUND: $(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" | cut -c1-100) (see $log)"
  fi
  printf '%-18s %10s %12s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${runs:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result"
done
[ ${#failed[@]} -eq 0 ]
