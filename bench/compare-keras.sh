#!/usr/bin/env bash
# optim-run against Keras 3 (TensorFlow-CPU) side by side, in one run (not part of `swift test` or CI).
#
#   bench/compare-keras.sh [--repeats N] [--no-build] [--only cifar,unet,predict,mlp,text,digits]
#                          [--source DIR] [--layers]
#
# Creates (once) bench/.venv-keras from bench/keras/requirements.txt, builds the release optim-run and
# the roofline binary (bench/layers with --roofline-only), then runs every workload for Keras and
# optim-run alternately — round r: Keras A, optim-run A, [before A,] Keras B, ... — N rounds, each
# process under GNU time (wall, user, sys, peak RSS). Prints the machine, the cblas_sgemm 2048³
# roofline at the start and at the end, every command, and a markdown table of medians, ratios and
# goals (bench/keras/table.py; definitions in bench/keras/README.md).
#
# --source DIR   a second checkout (e.g. the base commit), built with `swift build -c release`: its
#                optim-run runs after ours in every round, as the "before" column.
# --no-build     reuse the existing builds and roofline binary.
# --layers       also run `bench/run.sh layers --repeats 5` at the end (U-Net per-layer roofline fractions).
# --blas-default unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for every process, so OpenBLAS picks its
#                kernels for the CPU itself. A machine can set them for everyone (this project's sets
#                OPENBLAS_CORETYPE=Haswell on an AVX-512 CPU, halving GEMM speed; docs/performance.md);
#                Keras's TensorFlow does not use OpenBLAS, so only optim-run's side changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=3
build=1
only="cifar,unet,predict,mlp,text,digits"
source=""
layers=0
blas_default=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --only) only="$2"; shift 2 ;;
    --source) source="$(cd "$2" && pwd)"; shift 2 ;;
    --layers) layers=1; shift ;;
    --blas-default) blas_default=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for w in ${only//,/ }; do
  case "$w" in cifar|unet|predict|mlp|text|digits) ;; *) echo "unknown workload $w" >&2; exit 2 ;; esac
done

# Sizes: CIFAR 4096 images (128 steps of 32) × 4 epochs; U-Net 32 images (2 steps of 16) × 3 epochs;
# both figures use the epochs after the first. Predict: 10,240 images at batch 256.
cifar_samples=4096 cifar_epochs=4 unet_samples=32 unet_epochs=3 predict_images=10240
# One work folder per checkout, so that runs from two worktrees at once do not clobber each other.
work="${TMPDIR:-/tmp}/optim-run-compare-keras-$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
venv="$root/bench/.venv-keras"
py="$venv/bin/python"
export KERAS_BACKEND=tensorflow TF_CPP_MIN_LOG_LEVEL=2 SWIFT_BACKTRACE=enable=no
blas_env="OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}, OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
if [[ $blas_default == 1 ]]; then
  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
  blas_env="$blas_env in the environment, unset for every process (--blas-default)"
elif [[ -n "${OPENBLAS_CORETYPE-}" ]]; then
  blas_env="$blas_env, kept: OpenBLAS runs the family the environment names (--blas-default unsets it)"
fi
rm -rf "$work"
mkdir -p "$work"

# Every command is printed (to the script's standard output, fd 3, even when the command's own
# output is redirected), its words quoted where the shell needs it, so it can be pasted.
exec 3>&1
show() {
  local w words=()
  for w in "$@"; do
    if [[ $w =~ ^[A-Za-z0-9_./=,:+@%-]+$ ]]; then words+=("$w"); else words+=("'${w//\'/\'\\\'\'}'"); fi
  done
  echo "\$ ${words[*]}" >&3
}
run() { show "$@"; "$@"; }
# A setup step whose output only matters when it fails: stdout and stderr go to $work/setup.log.
quietly() {
  show "$@"
  if ! "$@" >>"$work/setup.log" 2>&1; then
    echo "FAILED: $*" >&2
    tail -n 20 "$work/setup.log" >&2
    exit 1
  fi
}
machine_load() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ ! -x /usr/bin/time ]]; then quietly apt-get install -y time; fi

# The venv, rebuilt when the requirements change.
if ! cmp -s "$root/bench/keras/requirements.txt" "$venv/requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  quietly python3 -m venv "$venv"
  quietly "$venv/bin/pip" install --quiet -r "$root/bench/keras/requirements.txt"
  cp "$root/bench/keras/requirements.txt" "$venv/requirements.txt"
fi

# Builds: our optim-run, the "before" one, and the roofline (bench/run.sh layers's binary and path).
layers_bin="${TMPDIR:-/tmp}/optim-run-bench/layers-$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
if [[ $build == 1 ]]; then
  for dir in "$root" ${source:+"$source"}; do
    quietly swift build -c release --product optim-run --package-path "$dir"
  done
fi
if [[ $build == 1 || ! -x "$layers_bin" ]]; then
  mkdir -p "$(dirname "$layers_bin")"
  quietly swiftc -O -parse-as-library -module-name LayerBench -I "$root/Sources/CBLAS" \
    $(find "$root/Sources/Tensors" -name '*.swift' | sort) "$root/bench/layers/main.swift" \
    -Xlinker -lopenblas -o "$layers_bin"
fi
for side_dir in "$root" ${source:+"$source"}; do
  if [[ ! -x "$side_dir/.build/release/optim-run" ]]; then
    echo "no $side_dir/.build/release/optim-run: run without --no-build, or build it" >&2
    exit 1
  fi
done
sides=(keras optim-run)
declare -A dirs=([optim-run]="$root")
if [[ -n "$source" ]]; then sides+=(before); dirs[before]="$source"; fi

echo "## Machine"
echo
cpu_field() { grep -m1 "^$1" /proc/cpuinfo | cut -d: -f2 | xargs; }
echo "- date: $(date -u +%FT%TZ); CPU: $(cpu_field 'model name') (family $(cpu_field 'cpu family')," \
  "model $(cpu_field 'model[[:space:]]*:'), stepping $(cpu_field stepping));" \
  "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -ow -e avx2 -e fma -e avx512f -e avx512_bf16 | sort -u | xargs);" \
  "nproc $(nproc); load average at start $(machine_load)"
commit() { git -C "$1" describe --always --dirty 2>/dev/null || echo 'not a git checkout'; }
echo "- optim-run: $root ($(commit "$root"))${source:+; before: $source ($(commit "$source"))}"
echo "- OpenBLAS: $blas_env"
echo "- Keras: $("$py" -c 'import os; os.environ["TF_CPP_MIN_LOG_LEVEL"]="2"; import keras, tensorflow as tf; print(f"keras {keras.__version__}, tensorflow {tf.__version__}, backend {keras.backend.backend()}")' 2>/dev/null)"
echo
echo "## Commands"
echo
run "$layers_bin" --roofline-only --repeats 5 | tee "$work/roofline-start.txt"

# Setup outside the timing: the CIFAR CNN's useful FLOPs, the predict models and their input.
show "$root/.build/release/optim-run" summary "$root/specs/cifar_cnn.yaml" --format json
"$root/.build/release/optim-run" summary "$root/specs/cifar_cnn.yaml" --format json >"$work/cifar-summary.json"
if [[ ",$only," == *,predict,* ]]; then
  quietly "$py" -c "import numpy as np; np.save('$work/x.npy', np.random.default_rng(7).integers(0, 256, ($predict_images, 32, 32, 3)).astype(np.float32))"
  mkdir -p "$work/keras-predict"
  quietly "$py" "$root/bench/keras/workloads.py" predict-setup --out "$work/keras-predict"
  for side in "${sides[@]:1}"; do
    quietly "${dirs[$side]}/.build/release/optim-run" "${dirs[$side]}/specs/cifar_cnn.yaml" --out "$work/model-$side" \
      --quiet --progress none --set train.epochs=1 --set train.validation=null \
      --set 'data={type: synthetic_classification, samples: 1024, shape: [32, 32, 3], classes: 10}'
  done
fi

# One timed process: its stdout goes to $work/<name>.out, GNU time's "%e %U %S %M" to <name>.time.
timed() {
  local workload="$1" side="$2" r="$3"; shift 3
  local name="r$r-$workload-$side"
  show "$@"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "FAILED ($workload, $side): $(tail -n 5 "$work/$name.err")"
    return
  fi
  printf '%s\t%s\t%s\t%s\n' "$workload" "$side" "$r" "$name" >>"$work/results.tsv"
}

keras_command() {
  local w="$1" r="$2" script="$root/bench/keras/workloads.py"
  case "$w" in
    cifar) timed cifar keras "$r" "$py" "$script" cifar --samples $cifar_samples --epochs $cifar_epochs ;;
    unet) timed unet keras "$r" "$py" "$script" unet --samples $unet_samples --epochs $unet_epochs ;;
    predict) timed predict keras "$r" "$py" "$script" predict --out "$work/keras-predict" --input "$work/x.npy" ;;
    mlp) timed mlp keras "$r" "$py" "$script" mlp --epochs 50 ;;
    text) timed text keras "$r" "$py" "$script" text --epochs 100 ;;
    digits) timed digits keras "$r" "$py" "$script" digits ;;
  esac
}

optim_command() {
  local w="$1" side="$2" r="$3" dir="${dirs[$2]}"
  local exe="$dir/.build/release/optim-run" out="$work/run-$side"
  rm -rf "$out"
  case "$w" in
    cifar) timed cifar "$side" "$r" "$exe" "$dir/specs/cifar_cnn.yaml" --out "$out" --json --progress none \
      --set "data={type: synthetic_classification, samples: $cifar_samples, shape: [32, 32, 3], classes: 10}" \
      --set train.validation=null --set train.epochs=$cifar_epochs ;;
    unet) timed unet "$side" "$r" "$exe" "$dir/specs/unet_segmentation.yaml" --out "$out" --json --progress none \
      --set "data={type: synthetic_segmentation, samples: $unet_samples, shape: [128, 128, 1]}" \
      --set train.validation=null --set train.epochs=$unet_epochs ;;
    predict) timed predict "$side" "$r" "$exe" predict "$work/model-$side" --input "$work/x.npy" \
      --output "$work/predictions-$side.npy" --batch-size 256 --quiet ;;
    mlp) timed mlp "$side" "$r" "$exe" "$dir/specs/mlp_regression.yaml" --out "$out" --progress none \
      --set train.epochs=50 ;;
    text) timed text "$side" "$r" "$exe" "$dir/specs/text_bow.yaml" --out "$out" --progress none \
      --set train.epochs=100 ;;
    digits) timed digits "$side" "$r" "$exe" "$dir/specs/digits_cnn.yaml" --out "$out" --progress none ;;
  esac
}

: >"$work/results.tsv"
for r in $(seq 1 "$repeats"); do
  echo "# round $r of $repeats, load average $(machine_load)"
  for w in ${only//,/ }; do
    keras_command "$w" "$r"
    for side in "${sides[@]:1}"; do optim_command "$w" "$side" "$r"; done
  done
done

run "$layers_bin" --roofline-only --repeats 5 | tee "$work/roofline-end.txt"
echo "load average at end $(machine_load); raw outputs in $work"
echo
run "$py" "$root/bench/keras/table.py" "$work" --unet-steps-per-epoch $((unet_samples / 16)) \
  --cifar-samples $cifar_samples --sides "${sides[*]}"

if [[ $layers == 1 ]]; then
  echo
  run "$root/bench/run.sh" layers --repeats 5 --no-build
fi
