#!/usr/bin/env bash
# The optim-run benchmark harness (not part of `swift test`); see docs/performance.md.
#
#   bench/run.sh [all|layers|train] [--repeats N] [--no-build] [--source DIR]
#
# --source DIR benchmarks another checkout of the repository (e.g. `git archive <commit>` unpacked)
# with this harness: its Sources/Tensors and its .build/release/optim-run; for before/after figures.
#
# layers: builds bench/layers/main.swift with -O together with the Tensors sources (one module,
#         as bench/kernels does) and prints OpenBLAS's configuration, a GEMM roofline, the GEMMs of
#         the U-Net's convolutions and the U-Net convolution layers forward + backward (batch 16),
#         each the median of N timed calls, as GFLOP/s and as a ratio to the roofline; then the
#         routes of dilated, grouped and depthwise convolutions (32²×64, median ms); then the CIFAR
#         CNN's three convolutions (batch 32, valid) forward + backward with their roofline ratio.
# train:  builds the release optim-run and trains the CIFAR CNN of specs/cifar_cnn.yaml on
#         synthetic_classification data [32, 32, 3] (batch 32, no validation) N times; prints each
#         run's images/s (steps_per_second × 32 from summary.json, wall time of the training loop
#         including the run folder's per-epoch writes) and the median, and each process's CPU time
#         (user + sys, including data generation), which the machine's load disturbs less.
# Every command line is printed before it runs. Results depend on the machine's load: the load
# average is printed, and ratios to the roofline measured in the same run are the figures to compare.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
[[ $# -gt 0 ]] && shift
repeats=5
build=1
source="$root"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --source) source="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="${TMPDIR:-/tmp}/optim-run-bench"
mkdir -p "$work"

run() { echo "\$ $*"; "$@"; }

echo "source: $source"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"

if [[ "$what" == all || "$what" == layers ]]; then
  bin="$work/layers-$(printf '%s' "$source" | cksum | cut -d' ' -f1)"
  if [[ $build == 1 ]]; then
    # Tensors imports HaswellKernels (built for AVX2 + FMA, as in Package.swift) where it exists.
    haswell=()
    if [[ -d "$source/Sources/HaswellKernels" ]]; then
      hk="$bin-haswell"
      mkdir -p "$hk"
      run swiftc -O -parse-as-library -target-cpu haswell -module-name HaswellKernels -emit-library -static \
        -emit-module -emit-module-path "$hk/HaswellKernels.swiftmodule" \
        $(find "$source/Sources/HaswellKernels" -name '*.swift' | sort) -o "$hk/libHaswellKernels.a"
      haswell=(-I "$hk" -L "$hk" -lHaswellKernels)
    fi
    run swiftc -O -parse-as-library -module-name LayerBench -I "$root/Sources/CBLAS" "${haswell[@]}" \
      $(find "$source/Sources/Tensors" -name '*.swift' | sort) "$root/bench/layers/main.swift" \
      -Xlinker -lopenblas -o "$bin"
  fi
  run "$bin" --repeats "$repeats" --batch 16
fi

if [[ "$what" == all || "$what" == train ]]; then
  if [[ $build == 1 ]]; then
    (cd "$source" && run swift build -c release --product optim-run)
  fi
  exe="$source/.build/release/optim-run"
  samples=2048
  epochs=3
  rates=()
  for i in $(seq 1 "$repeats"); do
    out="$work/cifar-$i"
    rm -rf "$out"
    run /usr/bin/time -f "%U %S" -o "$work/cpu-$i" "$exe" "$source/specs/cifar_cnn.yaml" \
      --set "data={type: synthetic_classification, samples: $samples, shape: [32, 32, 3], classes: 10}" \
      --set train.validation=null --set train.epochs=$epochs --out "$out" --progress none >/dev/null
    sps=$(sed -n 's/.*"steps_per_second": \([0-9.e+-]*\).*/\1/p' "$out/summary.json")
    rate=$(awk -v s="$sps" 'BEGIN { printf "%.0f", s * 32 }')
    cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/cpu-$i")
    echo "run $i: $rate images/s (steps_per_second $sps); process CPU time $cpu s (user + sys, whole run)"
    rates+=("$rate")
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  echo "CIFAR CNN training, batch 32, $samples synthetic images × $epochs epochs: median $median images/s over $repeats runs"
fi
