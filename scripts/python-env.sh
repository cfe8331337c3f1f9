#!/usr/bin/env bash
# Creates .venv, the tests' own Python environment, with the readers of scripts/requirements-tests.txt
# (onnxruntime, onnx, numpy, safetensors, Keras on JAX), from PyPI. Reinstalls only when the
# requirements changed. Needs python3 with venv (Debian: python3-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=scripts/requirements-tests.txt
stamp=.venv/requirements-installed.txt
if [ -x .venv/bin/python3 ] && cmp -s "$requirements" "$stamp"; then exit 0; fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "python-env: installing python3-venv" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv
fi
rm -rf .venv
python3 -m venv .venv
echo "python-env: installing $(grep -c '^[a-z]' "$requirements") packages into .venv" >&2
.venv/bin/python3 -m pip install -q --disable-pip-version-check -r "$requirements"
cp "$requirements" "$stamp"
