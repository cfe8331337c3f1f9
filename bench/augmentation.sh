#!/usr/bin/env bash
# What the augmentation layers add to a CIFAR-10 training epoch, not part of `swift test`.
#
#   bench/augmentation.sh [--repeats N] [--samples N] [--no-build]
#
# Trains specs/cifar_cnn.yaml's model for one epoch (batch 32, no validation) on N synthetic
# 32×32×3 images (default 50,000, CIFAR-10's training set; the real files are not needed to time
# it), once as it is and once with random_flip + random_translation(0.1) + random_rotation(0.1)
# in front, alternating, N times each, with the release binary. Prints the median whole-process
# time of each, their difference (the time the layers add per epoch, data generation and start-up
# cancel out) and the ratio of the epochs. The same pair with a tiny head instead of the CNN
# (global average pooling + dense 10) isolates the layers' own time from the CNN's noise. The
# machine is shared: compare medians of one run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=3
samples=50000
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
if [[ $build == 1 ]]; then swift build -c release --product optim-run >/dev/null; fi
bin="$root/.build/release/optim-run"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cnn='{type: conv2d, filters: 32, kernel_size: 3, activation: relu}, {type: max_pooling2d, pool_size: 2},
  {type: conv2d, filters: 64, kernel_size: 3, activation: relu}, {type: max_pooling2d, pool_size: 2},
  {type: conv2d, filters: 64, kernel_size: 3, activation: relu}, flatten,
  {type: dense, units: 64, activation: relu}, {type: dense, units: 10, activation: softmax}'
head='global_average_pooling2d, {type: dense, units: 10, activation: softmax}'
augmentation='{type: random_flip, mode: horizontal},
  {type: random_translation, height_factor: 0.1, width_factor: 0.1},
  {type: random_rotation, factor: 0.1}'
run() {  # run <label> <layers>
  local start end
  start=$(date +%s.%N)
  "$bin" specs/cifar_cnn.yaml --out "$scratch/$1" --quiet --progress none \
    --set "data={type: synthetic_classification, samples: $samples, shape: [32, 32, 3], classes: 10}" \
    --set "model.layers=[$2]" --set train.epochs=1 --set train.validation=null >/dev/null
  end=$(date +%s.%N)
  rm -rf "${scratch:?}/$1"
  echo "$end - $start" | bc -l
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $samples images, batch 32; repeats: $repeats"
plain=(); augmented=(); head_plain=(); head_augmented=()
for ((r = 0; r < repeats; r++)); do
  plain+=("$(run plain "$cnn")")
  augmented+=("$(run augmented "$augmentation, $cnn")")
  head_plain+=("$(run head "$head")")
  head_augmented+=("$(run head-augmented "$augmentation, $head")")
  echo "repeat $((r + 1)): CNN ${plain[-1]} s, augmented CNN ${augmented[-1]} s;" \
    "head ${head_plain[-1]} s, augmented head ${head_augmented[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
p=$(median "${plain[@]}"); a=$(median "${augmented[@]}")
printf "epoch without augmentation (median): %.2f s\n" "$p"
printf "epoch with flip + translation + rotation (median): %.2f s\n" "$a"
printf "added per epoch: %.2f s (%.1f%% of the epoch)\n" "$(echo "$a - $p" | bc -l)" "$(echo "100 * ($a - $p) / $p" | bc -l)"
hp=$(median "${head_plain[@]}"); ha=$(median "${head_augmented[@]}")
printf "tiny head: %.2f s, with augmentation %.2f s: the layers alone take %.2f s per epoch (%.1f%% of the CNN epoch)\n" \
  "$hp" "$ha" "$(echo "$ha - $hp" | bc -l)" "$(echo "100 * ($ha - $hp) / $p" | bc -l)"
