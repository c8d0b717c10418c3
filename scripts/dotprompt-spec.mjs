// Runs Google's Dotprompt spec suite through the Refinery CLI (see
// test/integration/dotprompt-conformance/spec-suite.ts) and prints the tally. Default: the copy in
// test/fixtures/dotprompt-spec (npm test checks it case by case: dotprompt-spec-suite.test.ts);
// pass another copy of the dotprompt repository's spec/ folder to judge a newer spec.
//   npm run build && node scripts/dotprompt-spec.mjs [../dotprompt/spec]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const specDir = process.argv[2] ?? path.join(repo, 'test/fixtures/dotprompt-spec');
const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-spec-bundle-')), 'spec-suite-cli.cjs');
await esbuild.build({
  entryPoints: [path.join(repo, 'test/integration/dotprompt-conformance/spec-suite-cli.ts')],
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
