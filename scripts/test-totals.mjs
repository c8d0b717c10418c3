// Prints one closing line for the whole suite: the vitest, pgTAP and VS Code counts added up.
import { existsSync, readFileSync } from 'node:fs';

const failedSteps = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
// vitest JSON reports: the default run, the packages (scripts/test-package.sh) and the supabase-js HTTP tests (scripts/test-supabase.sh)
for (const report of ['test-results/vitest.json', 'test-results/package.json', 'test-results/supabase.json']) {
  if (!existsSync(report)) continue;
  const v = JSON.parse(readFileSync(report, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (existsSync('test-results/pgtap.json')) {
  const p = JSON.parse(readFileSync('test-results/pgtap.json', 'utf8'));
  passed += p.passed;
  failed += p.failed;
}
// VS Code (code-server): the development extension's suites, and the installed .vsix.
for (const file of ['test-results/vscode.json', 'test-results/vscode-vsix.json']) {
  if (!existsSync(file)) continue;
  const c = JSON.parse(readFileSync(file, 'utf8'));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
}
if (passed === 0) failed += 1; // a suite that ran nothing has failed
console.log(`${failedSteps} step(s) failed`);
console.log(`${passed} passed, ${failed + failedSteps} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed + failedSteps > 0 ? 1 : 0);
