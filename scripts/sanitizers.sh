#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and under ThreadSanitizer (one after the other
# by default), each in its own scratch folder (.build/sanitize-address, .build/sanitize-thread) so
# the normal .build is left as it is. Fails when a test fails or a sanitizer reports anything, in
# the test process or in an optim-run the tests started (the end-to-end tests run the sanitized
# executable next to the test bundle). Prints how long each build and each run took.
#
#   scripts/sanitizers.sh                    address, then thread
#   scripts/sanitizers.sh thread             only ThreadSanitizer (or: address)
#   scripts/sanitizers.sh address -- --filter GEMM   extra arguments for `swift test`
#
# Needs what scripts/test.sh needs (scripts/setup.sh --tests). Each report is kept in
# .build/sanitize-NAME/reports/ (the start of each is printed at the end); the suite's output in
# .build/sanitize-NAME/test-output.txt.
#
# What the sanitizers cannot see: code that was not compiled with them. OpenBLAS is Debian's
# build, so neither an overflow inside cblas_sgemm nor the memory its calls share is checked;
# ThreadSanitizer checks sgemm's own split into blocks (the index arithmetic and parallelFor
# around each call, GEMMSplitTests), and the blocks' disjointness is checked by their results.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    address|thread) sanitizers+=("$1") ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [address|thread ...] [-- swift-test-arguments...]" >&2; exit 2 ;;
  esac
  shift
done
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)

# Tests that cannot run under a sanitizer by construction, as `swift test --skip` patterns.
# Each runs optim-run under `ulimit -v` (RLIMIT_AS: 600 and 820 MB to check the out-of-memory
# messages, 200 MB to check that OpenBLAS does not hang); ASan and TSan reserve terabytes of address space for their shadow memory at start-up,
# so under such a limit the sanitized executable dies in the sanitizer's own initialisation before
# any of our code runs ("ReserveShadowMemoryRange failed ... Perhaps you're using ulimit -v";
# TSan tries to re-exec without the limit and fails in setrlimit). The other machine-limits tests
# (taskset, --threads) do run. The normal suite (scripts/test.sh) runs them all.
excluded=(
  'MachineLimitsTests/addressSpaceLimitBelowTheModelIsAnErrorNamingTheLimit'
  'MachineLimitsTests/failedAllocationNamesWhatWasAllocatedAndExits1'
  'MachineLimitsTests/aSmallAddressSpaceCapDoesNotHangOpenBLAS'
)

# Swift's crash backtracer would otherwise hold a crashed process for minutes.
export SWIFT_BACKTRACE=enable=no

scripts/setup.sh --tests

# Sets `environment` to the VAR=value words that configure sanitizer $1, with reports in folder $2.
set_environment() {
  local sanitizer=$1 reports=$2 common
  # log_path: every report goes to a file REPORTS/NAME.PID, from the test runner and from each
  # optim-run child alike (a child's stderr is read by its test and could hide the report); the
  # suite fails on any such file. allocator_may_return_null: a failed allocation returns NULL as
  # glibc's does, so the tests of our out-of-memory messages see what a user would (the default
  # aborts on, say, a 1 TB posix_memalign).
  common="log_path=$reports/${sanitizer}:allocator_may_return_null=1"
  case "$sanitizer" in
    address)
      # halt_on_error: after a memory error nothing the process does can be trusted.
      # detect_leaks: LeakSanitizer checks each process at exit. It is kept on, with the false
      # positives (Swift globals whose enum payloads hide their pointers, XCTest's and
      # Foundation's own) suppressed one by one, each with its reason, in
      # scripts/sanitizers/lsan.supp.
      environment=(
        "ASAN_OPTIONS=$common:halt_on_error=1:detect_leaks=1"
        "LSAN_OPTIONS=suppressions=$PWD/scripts/sanitizers/lsan.supp:print_suppressions=0"
      )
      ;;
    thread)
      # halt_on_error=0: report every race and go on, so that one run lists them all; a process
      # that reported one still exits 66 (TSan's exitcode), and the report files fail the suite.
      # Suppressions, each with its reason, in scripts/sanitizers/tsan.supp.
      environment=(
        "TSAN_OPTIONS=$common:halt_on_error=0:second_deadlock_stack=1:suppressions=$PWD/scripts/sanitizers/tsan.supp:print_suppressions=0"
      )
      ;;
  esac
}

declare -A build_seconds test_seconds result
overall=0
for sanitizer in "${sanitizers[@]}"; do
  scratch=.build/sanitize-$sanitizer
  reports=$PWD/$scratch/reports
  output=$scratch/test-output.txt
  rm -rf "$reports"
  mkdir -p "$reports"
  echo "sanitizers: $sanitizer: building in $scratch" >&2
  start=$(date +%s)
  status=0
  swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" || status=$?
  build_seconds[$sanitizer]=$(($(date +%s) - start))
  if [ "$status" -ne 0 ]; then
    result[$sanitizer]="build failed (exit status $status)"
    overall=1
    continue
  fi

  skip=()
  for pattern in "${excluded[@]}"; do skip+=(--skip "$pattern"); done
  set_environment "$sanitizer" "$reports"
  echo "sanitizers: $sanitizer: running the tests (${environment[*]})" >&2
  start=$(date +%s)
  status=0
  env "${environment[@]}" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" \
    "${skip[@]}" "${extra[@]}" 2>&1 | tee "$output" || status=$?
  test_seconds[$sanitizer]=$(($(date +%s) - start))

  # Reports printed rather than logged (a child whose options were replaced), and the files.
  found=$(grep -cE 'ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer' \
    "$output" || true)
  files=()
  for file in "$reports"/*; do
    [ -s "$file" ] && files+=("$file")
  done
  if [ "$status" -eq 0 ] && [ "$found" -eq 0 ] && [ ${#files[@]} -eq 0 ]; then
    result[$sanitizer]="passed, no sanitizer report"
  else
    result[$sanitizer]="FAILED: swift test exit status $status, $found report lines in the output, ${#files[@]} report files"
    overall=1
    for file in "${files[@]}"; do
      echo "===== $file ($(grep -cE '^(WARNING|ERROR): |leak of' "$file") reports; the first 60 lines)" >&2
      head -n 60 "$file" >&2
    done
  fi
done

echo
echo "sanitizers: skipped (cannot run under a sanitizer: optim-run under ulimit -v, see the script):"
for pattern in "${excluded[@]}"; do echo "  $pattern"; done
for sanitizer in "${sanitizers[@]}"; do
  echo "sanitizers: $sanitizer: build ${build_seconds[$sanitizer]:-0} s, tests ${test_seconds[$sanitizer]:--} s: ${result[$sanitizer]}"
done
exit "$overall"
