#!/usr/bin/env bash
# The CLI as an npm package and the extension as a .vsix, as users get them (test/package):
# `npm pack` in a copy of the repository, the tarball installed into an empty project, the
# README's GitHub Actions recipe run there; `vsce ls` (after `npm run build`) against the README's
# images. Counts go to test-results/package.json (vitest's JSON report), which
# scripts/test-totals.mjs adds up.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/package.json
exec npx vitest run --config test/package/vitest.config.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/package.json "$@"
