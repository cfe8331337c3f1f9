#!/usr/bin/env bash
# Per-epoch cost of a run's bookkeeping (logs, state, heartbeat), not part of `swift test`.
#
#   bench/epoch-cost.sh [--repeats N] [--no-build] [--epochs "1 100 1000 10000"]
#
# Trains specs/text_bow.yaml (8 training examples, 2 steps an epoch: almost all the time of an
# epoch is the run folder's work) for each epoch count, N times in turn, with the release binary,
# and prints for each count the median whole-process wall time and the median cost per epoch,
# (t(E) - t(1)) / (E - 1). A flat cost per epoch means no epoch's work depends on how many came
# before; whole-process time at 100 epochs includes start-up. The load average is printed: the
# machine is shared, compare medians from one run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=5
build=1
counts="1 100 1000 10000"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --epochs) counts="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
if [[ $build == 1 ]]; then swift build -c release --product optim-run >/dev/null; fi
bin="$root/.build/release/optim-run"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; repeats: $repeats"
declare -A times
for ((r = 0; r < repeats; r++)); do
  for e in $counts; do
    out="$scratch/run-$e-$r"
    start=$(date +%s.%N)
    "$bin" specs/text_bow.yaml --set train.epochs="$e" --out "$out" --quiet >/dev/null
    end=$(date +%s.%N)
    times[$e]+="$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}') "
    rm -rf "$out"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
base=$(echo "${times[1]:-0}" | median)
printf "%8s  %14s  %16s\n" epochs "median wall s" "per epoch ms"
for e in $counts; do
  m=$(echo "${times[$e]}" | median)
  if [[ $e -gt 1 ]]; then per=$(awk -v m="$m" -v b="$base" -v e="$e" 'BEGIN {print (m - b) * 1000 / (e - 1)}'); else per=""; fi
  printf "%8s  %14.4f  %16s\n" "$e" "$m" "${per:+$(printf '%.4f' "$per")}"
done
