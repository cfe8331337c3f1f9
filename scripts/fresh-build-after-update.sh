#!/usr/bin/env bash
# Discards SwiftPM's build products when the checkout has moved to another commit since they were built.
#
# SwiftPM's incremental builds have twice kept a struct's old layout in a dependent module after
# a stored property was added (seen with Swift 6.3.1 on this project, debug and release), giving a
# binary that crashes or corrupts memory. A user who pulls and reruns the README's commands must
# not get such a binary, so after any change of commit the products are rebuilt from scratch (the
# fetched packages in .build are kept). Uncommitted edits are the developer's own: see
# docs/performance.md, "What is left".
set -euo pipefail
cd "$(dirname "$0")/.."
head=$(git rev-parse HEAD 2>/dev/null) || exit 0
stamp=.build/built-from-commit
if [ -d .build ] && [ "$(cat "$stamp" 2>/dev/null)" != "$head" ]; then
  for products in .build/*-*-*/; do
    [ -d "$products" ] && rm -rf "$products"
  done
fi
mkdir -p .build
echo "$head" > "$stamp"
