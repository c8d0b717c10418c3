/**
 * The CLI as the npm package ships it: the production bundles (minified, no source maps), built
 * by `node esbuild.mjs --production` (the package's `prepack`) in a copy of the repository, so the
 * work tree's development `dist/` stays as it is.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { copyRepository } from '../support/copy-repository';

/** Builds it under `work` and returns its `bin/refinery.js`. */
export function buildProductionCli(repo: string, work: string): string {
  const copy = path.join(work, 'production-cli');
  copyRepository(repo, copy);
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: copy, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(copy, 'bin/refinery.js');
}
