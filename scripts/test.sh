#!/usr/bin/env bash
# Sets up, checks that the release build compiles, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/fresh-build-after-update.sh
swift build -c release --product optim-run
swift test "$@"
