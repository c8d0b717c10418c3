#!/usr/bin/env bash
# Copies the screenshots the UI tests took (test-results/vscode/*.png: the grid, the grade panel
# and the Runs view in the dark and light themes) to docs/screenshots/, which the README shows.
# Run after `npm run test:vscode` (or `node dist/test/vscode/launcher.js --only ui`), look at
# them, then commit docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
shots=(grid-dark grid-light grade-panel-dark grade-panel-light runs-view-dark runs-view-light grades-agreement-dark compare-dark
  first-hour-compare-light-1440x900 first-hour-compare-dark-1440x900 first-hour-compare-light-1024x700 first-hour-compare-dark-1024x700 first-run-no-keys model-picker-typed)
missing=()
for shot in "${shots[@]}"; do [ -f "test-results/vscode/$shot.png" ] || missing+=("$shot.png"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "error: test-results/vscode/ lacks ${missing[*]}" >&2
  echo "  fix: run npm run test:vscode first (the UI suite takes them)" >&2
  exit 1
fi
mkdir -p docs/screenshots
for shot in "${shots[@]}"; do cp "test-results/vscode/$shot.png" "docs/screenshots/$shot.png"; done
echo "copied ${#shots[@]} screenshots to docs/screenshots/"
