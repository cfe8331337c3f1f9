#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ (AddressSanitizer on) and runs them on their corpora.
#
#   scripts/fuzz.sh [--seconds N] [--runs N] [--seed N] [--jobs N] [--no-build] [--minimize] [TARGET ...]
#
# TARGET is one of: spec expression npy npz idx csv tar safetensors state run-files (default: all).
# --seconds N   run each target for N seconds (default 20)
# --runs N      stop each target after N executions instead (the time limit still applies)
# --seed N      libFuzzer's random seed (default: a new one each run); CI fixes it, so that it
#               replays the corpus and one known sequence of mutations (new inputs come from the
#               long runs of docs/fuzzing.md, not from whichever landing happens to meet them)
# --jobs N      run N targets at once (default 1)
# --no-build    use the binaries already in .build/fuzz
# --minimize    instead of fuzzing, shrink each corpus to the inputs that add coverage (-merge=1)
#
# Corpora live in fuzz/corpus/TARGET (checked in; new inputs are added there), inputs that once
# broke something in fuzz/regressions/TARGET (run first, every time), dictionaries in
# fuzz/dictionaries. Each run has a memory cap, a per-input timeout and a leak check; the script
# exits non-zero on any crash, sanitizer report, leak, out-of-memory or timeout and prints the
# path of the input that caused it (kept in fuzz/findings/TARGET). Logs: .build/fuzz/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

all_targets=(spec expression npy npz idx csv tar safetensors state run-files)
seconds=20
runs=""
seed=""
jobs=1
build=1
minimize=0
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --minimize) minimize=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *)
      if [[ " ${all_targets[*]} " != *" $1 "* ]]; then
        echo "fuzz.sh: unknown target '$1' (targets: ${all_targets[*]})" >&2; exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

# The executable of a target: spec → FuzzSpec, run-files → FuzzRunFiles, npy → FuzzNPY, ...
executable() {
  case "$1" in
    npy|npz|idx|csv) echo "Fuzz$(tr '[:lower:]' '[:upper:]' <<<"$1")" ;;
    safetensors) echo FuzzSafeTensors ;;
    run-files) echo FuzzRunFiles ;;
    *) echo "Fuzz${1^}" ;;
  esac
}

# Largest input each target is given: specs and state files are text and tensors of a few KB.
max_len() {
  case "$1" in
    spec|state|safetensors) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

scratch=.build/fuzz
if ((build)); then
  echo "== building the fuzz targets (release, -sanitize=fuzzer,address)"
  # swiftc keeps only the last of several -sanitize flags, and SwiftPM's `--sanitize fuzzer
  # --sanitize address` passes two, which leaves the code without coverage: the -Xswiftc flag
  # comes last and names both. `--sanitize fuzzer` is still needed for the link (libFuzzer's main).
  swift build --package-path fuzz --scratch-path "$scratch" -c release \
    --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fi
bin="$(swift build --package-path fuzz --scratch-path "$scratch" -c release --show-bin-path)"
mkdir -p "$scratch/logs"

# A crash must not wait for Swift's backtracer; LeakSanitizer runs at exit and after each input
# whose mallocs and frees do not balance.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}"
# Sizes read from an input are checked against this before allocating (see FuzzSupport); it stays
# below libFuzzer's own limits, so an allocation that reaches them skipped a check.
export OPTIM_RUN_FUZZ_MEMORY_MB=1024

# Runs one target; prints its summary line and returns non-zero on a finding.
run_target() {
  local t="$1" exe log corpus regressions findings
  exe="$bin/$(executable "$t")"
  log="$scratch/logs/$t.log"
  corpus="fuzz/corpus/$t"
  regressions="fuzz/regressions/$t"
  findings="fuzz/findings/$t"
  mkdir -p "$corpus" "$regressions" "$findings"
  local args=(
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1536 -timeout=10
    -max_len="$(max_len "$t")" -artifact_prefix="$findings/" -print_final_stats=1 -close_fd_mask=1
  )
  [[ -n "$runs" ]] && args+=(-runs="$runs")
  [[ -n "$seed" ]] && args+=(-seed="$seed")
  [[ -f "fuzz/dictionaries/$t.dict" ]] && args+=(-dict="fuzz/dictionaries/$t.dict")
  local status=0
  "$exe" "${args[@]}" "$corpus" "$regressions" >"$log" 2>&1 || status=$?
  local execs cov elapsed files
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  elapsed="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | awk '{print $5}' | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')"
  files="$(find "$corpus" -type f | wc -l)"
  local findings_line
  findings_line="$(grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY: |Fatal error|fuzz invariant broken' "$log" | head -3 || true)"
  if ((status != 0)) || [[ -n "$findings_line" ]]; then
    local unit
    unit="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
    printf '%-12s FAILED (exit %s)\n%s\n  reproducer: %s\n  log: %s\n  rerun: %s %s\n' "$t" "$status" \
      "$findings_line" "${unit:-none written}" "$log" "$exe" "${unit:-}"
    return 1
  fi
  printf '%-12s ok   %10s execs  %5s s  cov %6s  corpus %5s files\n' "$t" "${execs:-?}" "${elapsed:-?}" "${cov:-?}" "$files"
}

failed=0
if ((minimize)); then
  :
elif ((jobs > 1)); then
  export -f run_target executable max_len
  export bin scratch seconds runs seed
  printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target "$@"' _ {} || failed=1
else
  for t in "${targets[@]}"; do run_target "$t" || failed=1; done
fi

if ((minimize)); then
  for t in "${targets[@]}"; do
    exe="$bin/$(executable "$t")"
    kept="$scratch/minimized-$t"
    rm -rf "$kept" && mkdir -p "$kept"
    "$exe" -merge=1 -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 "$kept" "fuzz/corpus/$t" \
      >"$scratch/logs/$t.merge.log" 2>&1
    rm -rf "fuzz/corpus/$t" && mv "$kept" "fuzz/corpus/$t"
    echo "$t: corpus minimized to $(find "fuzz/corpus/$t" -type f | wc -l) files"
  done
fi

if ((failed)); then
  echo "fuzz.sh: a target found a problem (see above)" >&2
  exit 1
fi
