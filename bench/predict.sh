#!/usr/bin/env bash
# optim-run predict on the seed CIFAR CNN, not part of `swift test`.
#
#   bench/predict.sh [--repeats R] [--images N] [--batch-size B] [--no-build] [--binary FILE]
#
# Trains the CIFAR CNN of specs/cifar_cnn.yaml for one epoch on synthetic 32×32×3 images (the real
# CIFAR-10 is not needed to time inference), writes N random raw images (0..255) as .npy, then runs
# `optim-run predict --batch-size B` R times with the release binary. Prints the median whole-process
# time, the median forward-pass rate that predict itself reports, and the peak resident memory
# (GNU time). The machine is shared: compare medians of one run. `--binary` times another build
# (a base checkout's .build/release/optim-run, for before/after) and implies --no-build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=5
images=10240
batch=256
build=1
bin=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --binary) bin="$2"; build=0; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
if [[ $build == 1 ]]; then swift build -c release --product optim-run >/dev/null; fi
bin="${bin:-$root/.build/release/optim-run}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$bin" specs/cifar_cnn.yaml --out "$scratch/run" --quiet --progress none \
  --set 'data={type: synthetic_classification, samples: 1024, shape: [32, 32, 3], classes: 10}' \
  --set train.epochs=1 --set train.validation=null >/dev/null
# Random raw pixels (whole numbers 0..255) as a float32 .npy, with the standard library only.
python3 - "$scratch/x.npy" "$images" <<'PY'
import array, os, struct, sys
path, n = sys.argv[1], int(sys.argv[2])
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, 32, 32, 3), }" % n
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    array.array("f", list(os.urandom(n * 32 * 32 * 3))).tofile(f)
PY
times=(); rates=(); peaks=()
for ((i = 0; i < repeats; i++)); do
  start=$(date +%s.%N)
  line=$(/usr/bin/time -f "peak_kb=%M" "$bin" predict "$scratch/run" --input "$scratch/x.npy" \
    --output "$scratch/p.npy" --batch-size "$batch" 2>&1) || { echo "$line" >&2; exit 1; }
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
  rates+=("$(echo "$line" | sed -n 's/.*, \([0-9]*\) examples\/s.*/\1/p')")
  peaks+=("$(echo "$line" | sed -n 's/.*peak_kb=\([0-9]*\).*/\1/p')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
t=$(median "${times[@]}")
echo "predict: $images images, batch $batch, $repeats repeats"
echo "whole process (median): ${t} s = $(echo "$images / $t" | bc -l | xargs printf '%.0f') images/s"
echo "forward passes as predict reports (median): $(median "${rates[@]}") images/s"
echo "peak RSS (median): $(median "${peaks[@]}") kB"
