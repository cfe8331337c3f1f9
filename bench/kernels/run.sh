#!/usr/bin/env bash
# Builds the Tensors sources with -O into a standalone benchmark and runs it.
# Usage: bench/kernels/run.sh   (from anywhere; needs libopenblas-dev)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${TMPDIR:-/tmp}/optim-run-kernel-bench"
swiftc -O -parse-as-library -module-name KernelBench -I "$root/Sources/CBLAS" \
  $(find "$root/Sources/Tensors" -name '*.swift') "$root/bench/kernels/main.swift" \
  -Xlinker -lopenblas -o "$out"
"$out"
