#!/usr/bin/env bash
# Whole-process wall time of two optim-run binaries on the same command, run alternately (not part
# of `swift test`): the machine is shared, so A and B take turns and medians are compared.
#
#   bench/alternate.sh [--repeats N] BIN_A BIN_B [ARGS...]
#
# ARGS default to `specs/mlp_regression.yaml --set train.epochs=50`. Each run is `BIN ARGS... --quiet`
# in a scratch folder (its run folders are deleted after each run), timed by bash's `time` to the
# millisecond (GNU time's %e has two decimals); prints every pair of times, then each binary's
# median, and the load average before and after.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
repeats=9
if [[ "${1:-}" == "--repeats" ]]; then
  repeats="$2"
  shift 2
fi
[[ $# -ge 2 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
a="$(realpath "$1")"
b="$(realpath "$2")"
shift 2
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=("$root/specs/mlp_regression.yaml" --set train.epochs=50)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export SWIFT_BACKTRACE=enable=no
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT=%3R
once() {
  { time "$1" "${args[@]}" --quiet >/dev/null; } 2>"$scratch/time"
  rm -rf "$scratch/runs"
  tail -n 1 "$scratch/time"
}
times_a=()
times_b=()
for ((i = 0; i < repeats; i++)); do
  times_a+=("$(once "$a")")
  times_b+=("$(once "$b")")
  echo "run $((i + 1)): A ${times_a[-1]} s, B ${times_b[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median A ($a): $(median "${times_a[@]}") s"
echo "median B ($b): $(median "${times_b[@]}") s"
