#!/usr/bin/env bash
# The per-step, per-parameter step-size summaries of specs/mlp_regression.yaml (50 epochs: 1,600
# steps of six tensors of 640, 64, 2,048, 32, 32 and 1 elements), replayed on Adam second moments
# simulated with a seeded stream; not part of `swift test`.
#
#   bench/percentiles/run.sh [--repeats N]
#
# Builds the summary sources of Sources/Reporting (and EffectiveStepSizes) with -O into one
# module, checks that every summary equals the previous code's bit for bit, and prints the best of
# N passes (default 15) of: the previous path (the step sizes computed into an array, then
# `PercentileSummary(values:scratch:)`: selection on a copy), and `PercentileTracker` on the second
# moments (what the run does now).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${TMPDIR:-/tmp}/optim-run-percentile-bench"
mkdir -p "$work"
for f in PercentileTracker WindowScan OrderStatistics PercentileSummary; do
  sed 's/^import Optimizers$//' "$root/Sources/Reporting/$f.swift" > "$work/$f.swift"
done
cp "$root/Sources/Optimizers/EffectiveStepSizes.swift" "$work/"
swiftc -O -wmo -parse-as-library -module-name PercentileBench "$work"/*.swift "$root/bench/percentiles/main.swift" \
  -o "$work/bench"
"$work/bench" "$@"
