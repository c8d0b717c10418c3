#!/usr/bin/env bash
# The VS Code tests after a build (`npm run test:vscode`, and the one step of scripts/test-all.sh):
# the extension-host and UI suites on the development extension, then the packaged .vsix
# installed into a fresh code-server. Both write test-results/vscode*.json for test-totals.mjs.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-results
rm -f test-results/vscode.json test-results/vscode-vsix.json
status=0
# under a local Supabase API (PostgreSQL 15 + @supabase/lite) for the sign-in and sync tests
bash scripts/with-supabase-lite.sh node dist/test/vscode/launcher.js "$@" || status=1
if [ $# -eq 0 ]; then
  # packaging replaces dist/ with the production build; the next npm run build restores it
  if npm run --silent package >test-results/vsce-package.log 2>&1; then
    # the Marketplace shows what vsce warns about: a package that warns is a failed step
    if grep -Eiq 'WARN|ERROR' test-results/vsce-package.log; then
      cat test-results/vsce-package.log; echo "vsce package warned (see above)"; status=1
    fi
    node dist/test/vscode/launcher.js --vsix out/prompt-refinery.vsix || status=1
  else
    cat test-results/vsce-package.log; echo "npm run package failed"; status=1
  fi
fi
exit $status
