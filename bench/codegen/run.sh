#!/usr/bin/env bash
# The direct convolution kernel of Sources/HaswellKernels (as the package builds it, for
# `-target-cpu haswell`: AVX2 + FMA) and the same source built for baseline x86-64, run alternately
# N times (default 5) on one thread; prints each run and the medians. See docs/performance.md, round 5.
#   bench/codegen/run.sh [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernel="$here/../../Sources/HaswellKernels/DirectConvolution.swift"
work="${TMPDIR:-/tmp}/optim-run-codegen"
mkdir -p "$work"
for cpu in x86-64 haswell; do
  echo "\$ swiftc -O -target-cpu $cpu Sources/HaswellKernels/DirectConvolution.swift bench/codegen/main.swift"
  swiftc -O -target-cpu "$cpu" "$kernel" "$here/main.swift" -o "$work/kernel-$cpu"
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
