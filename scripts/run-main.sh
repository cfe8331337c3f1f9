#!/usr/bin/env bash
# Sets up, builds optim-run in release mode and runs the main job: a CNN on the 8x8 digits in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/fresh-build-after-update.sh
swift build -c release --product optim-run
exec .build/release/optim-run specs/digits_cnn.yaml "$@"
