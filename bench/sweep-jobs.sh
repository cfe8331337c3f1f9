#!/usr/bin/env bash
# A 12-trial sweep run one trial at a time and with --jobs N, not part of `swift test`.
#
#   bench/sweep-jobs.sh [--repeats R] [--jobs N] [--no-build] [--spec FILE] [--set key=value ...]
#
# Runs the spec's whole sweep (specs/grid_search.yaml: 12 trials) with the release binary, one at
# a time and with --jobs N, alternately, R times; prints the median whole-process wall time of each
# and their ratio, and checks that both leaderboards are byte-identical. The machine is shared:
# compare the medians of one run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=3
jobs=2
build=1
spec=specs/grid_search.yaml
sets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --spec) spec="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
if [[ $build == 1 ]]; then swift build -c release --product optim-run >/dev/null; fi
bin="$root/.build/release/optim-run"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
trials=$("$bin" trials "$spec" "${sets[@]}" | wc -l)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $spec: $trials trials; repeats: $repeats"
one=""
many=""
for ((r = 0; r < repeats; r++)); do
  for mode in one many; do
    out="$scratch/$mode-$r"
    extra=()
    [[ $mode == many ]] && extra=(--jobs "$jobs")
    start=$(date +%s.%N)
    "$bin" "$spec" "${sets[@]}" --out "$out" --quiet --progress none "${extra[@]}" >/dev/null
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
    if [[ $mode == one ]]; then one+="$t "; else many+="$t "; fi
  done
  cmp -s "$scratch/one-$r/leaderboard.csv" "$scratch/many-$r/leaderboard.csv" \
    || { echo "leaderboards differ (repeat $r)" >&2; exit 1; }
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m1=$(echo "$one" | median)
mn=$(echo "$many" | median)
printf "one at a time: median %.3f s (%s)\n" "$m1" "$one"
printf -- "--jobs %s:      median %.3f s (%s)\n" "$jobs" "$mn" "$many"
awk -v a="$m1" -v b="$mn" -v j="$jobs" 'BEGIN {printf "speed-up with --jobs %s: %.2fx; leaderboards identical\n", j, a / b}'
