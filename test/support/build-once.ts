// vitest globalSetup: builds the bundles (dist/) once, before any test file runs. Test files run
// in parallel forks; one that rebuilt dist/ while another executed it saw half-written bundles.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function buildOnce(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
}
