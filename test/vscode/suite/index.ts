/**
 * The entry VS Code loads as `extensionTestsPath`: runs every `*.test.js` bundled beside this file
 * with mocha inside the extension host (code-server's, or desktop VS Code's through
 * `@vscode/test-electron`'s `run()` contract) and writes the counts for the launcher.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { SuiteCounts } from '../../../scripts/vscode-host/results';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  await mocha.loadFilesAsync();
  const counts: SuiteCounts = { passed: 0, failed: 0, pending: 0, failures: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => counts.passed++);
    runner.on('pending', () => counts.pending++);
    runner.on('fail', (test, error: unknown) => {
      counts.failed++;
      counts.failures.push({ title: test.fullTitle(), error: error instanceof Error ? error.message : String(error) });
    });
  });
  const resultFile = process.env.REFINERY_TEST_RESULT_FILE;
  if (resultFile) writeFileSync(resultFile, JSON.stringify(counts, null, 2));
  console.log(`extension host suite: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending`);
  if (counts.failed > 0 || counts.passed === 0) throw new Error(`${counts.failed} extension host test(s) failed`);
}
