#!/usr/bin/env bash
# What the augmentation layers add to a CIFAR-10 training epoch, not part of `swift test`.
#
#   bench/augmentation.sh [--repeats N] [--samples N] [--no-build]
#
# Trains specs/cifar_cnn.yaml's model for one epoch (batch 32, no validation) on N synthetic
# 32×32×3 images (default 50,000, CIFAR-10's training set; the real files are not needed to time
# it), once as it is and once with random_flip + random_translation(0.1) + random_rotation(0.1)
# in front, alternating, N times each, with the release binary. Prints the median whole-process
# and CPU time (user + system, both threads) of each, their differences (the time the layers add per
# epoch; data generation and start-up cancel out) and the ratio. On a machine shared with other
# work the wall times are noisy; the CPU times much less. The same pair with a tiny head instead of the CNN
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
run() {  # run <label> <layers>: prints "wall-seconds cpu-seconds" (CPU = user + system)
  local out
  out=$( { /usr/bin/time -f "%e %U %S" "$bin" specs/cifar_cnn.yaml --out "$scratch/$1" --quiet --progress none \
    --set "data={type: synthetic_classification, samples: $samples, shape: [32, 32, 3], classes: 10}" \
    --set "model.layers=[$2]" --set train.epochs=1 --set train.validation=null >/dev/null; } 2>&1 | tail -1)
  rm -rf "${scratch:?}/$1"
  echo "$out" | awk '{print $1, $2 + $3}'
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $samples images, batch 32; repeats: $repeats"
names=(cnn cnn_aug head head_aug)
declare -A wall cpu
for ((r = 0; r < repeats; r++)); do
  line="repeat $((r + 1)):"
  for name in "${names[@]}"; do
    case $name in
      cnn) layers="$cnn" ;;
      cnn_aug) layers="$augmentation, $cnn" ;;
      head) layers="$head" ;;
      head_aug) layers="$augmentation, $head" ;;
    esac
    read -r w c <<<"$(run "$name" "$layers")"
    wall[$name]+="$w "; cpu[$name]+="$c "
    line+=" $name ${w}s wall ${c}s CPU;"
  done
  echo "$line"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
printf "%-34s %10s %10s\n" "median of $repeats" "wall s" "CPU s"
for name in "${names[@]}"; do
  printf "%-34s %10.2f %10.2f\n" "$name" "$(echo "${wall[$name]}" | median)" "$(echo "${cpu[$name]}" | median)"
done
diff() { awk -v a="$(echo "$1" | median)" -v b="$(echo "$2" | median)" -v base="$(echo "$3" | median)" \
  'BEGIN {printf "%.2f s (%.1f%% of the CNN epoch)", a - b, 100 * (a - b) / base}'; }
echo "added to the CNN epoch: wall $(diff "${wall[cnn_aug]}" "${wall[cnn]}" "${wall[cnn]}"), CPU $(diff "${cpu[cnn_aug]}" "${cpu[cnn]}" "${cpu[cnn]}")"
echo "the layers alone (tiny head): wall $(diff "${wall[head_aug]}" "${wall[head]}" "${wall[cnn]}"), CPU $(diff "${cpu[head_aug]}" "${cpu[head]}" "${cpu[cnn]}")"
