// Runs Google's Dotprompt spec suite through the Refinery CLI (see
// test/integration/dotprompt-conformance/spec-suite.ts). The spec is not in this repository and
// tests cannot fetch it: pass a local copy of the dotprompt repository's spec/ folder.
//   npm run build && node scripts/dotprompt-spec.mjs ../dotprompt/spec
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const specDir = process.argv[2];
if (!specDir) {
  console.error('usage: node scripts/dotprompt-spec.mjs <path to the dotprompt spec/ folder>');
  process.exit(2);
}
const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-spec-bundle-')), 'spec-suite.cjs');
await esbuild.build({
  entryPoints: [path.join(repo, 'test/integration/dotprompt-conformance/spec-suite.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, path.resolve(specDir), repo], { stdio: 'inherit' });
process.exit(result.status ?? 1);
