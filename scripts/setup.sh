#!/usr/bin/env bash
# Installs the C libraries optim-run links against (Debian/Ubuntu), if they are missing; with
# --tests also what the tests use (GNU parallel, Slurm and munge for the cluster recipes; zsh and
# fish for the completion scripts; a Python venv with the readers of scripts/requirements-tests.txt).
set -euo pipefail
need=()
pkg-config --version >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists yaml-0.1 2>/dev/null || need+=(libyaml-dev)
pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
command -v curl >/dev/null 2>&1 || need+=(curl)  # CIFAR-10 downloads
if [ "${1:-}" = "--tests" ]; then
  # The recipes of docs/cluster.md, run by ClusterRecipeTests on a local Slurm (scripts/slurm-local.sh).
  command -v parallel >/dev/null 2>&1 || need+=(parallel)
  command -v sbatch >/dev/null 2>&1 || need+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || need+=(munge)
  command -v git >/dev/null 2>&1 || need+=(git)  # ProvenanceTests make a repository of experiments
  # The shells CompletionTests run `optim-run completion` in (bash is there already).
  command -v zsh >/dev/null 2>&1 || need+=(zsh)
  command -v fish >/dev/null 2>&1 || need+=(fish)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
command -v swift >/dev/null || { echo "setup: swift 6.x is required on PATH (https://swift.org/install)" >&2; exit 1; }
if [ "${1:-}" = "--tests" ]; then
  # The real readers the tests check our files with (onnxruntime, onnx, numpy, Keras), in .venv.
  "$(dirname "$0")/python-env.sh"
fi
