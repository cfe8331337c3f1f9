#!/usr/bin/env bash
# The same Swift kernel (kernel.swift) built for baseline x86-64 and for `-target-cpu haswell`
# (AVX2 + FMA), run alternately N times (default 5); prints each run and the medians.
#   bench/codegen/run.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${TMPDIR:-/tmp}/optim-run-codegen"
mkdir -p "$work"
for cpu in x86-64 haswell; do
  echo "\$ swiftc -O -target-cpu $cpu kernel.swift main.swift"
  swiftc -O -target-cpu "$cpu" "$here/kernel.swift" "$here/main.swift" -o "$work/kernel-$cpu"
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A times
for ((i = 1; i <= ${1:-5}; i++)); do
  for cpu in x86-64 haswell; do
    line="$("$work/kernel-$cpu")"
    echo "run $i $cpu: $line"
    times[$cpu]+="${line%% ms*} "
  done
done
for cpu in x86-64 haswell; do
  echo "median $cpu: $(printf '%s\n' ${times[$cpu]} | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms"
done
