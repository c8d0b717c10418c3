/**
 * `node scripts/dotprompt-spec.mjs [spec dir]`: runs a Dotprompt spec folder through the CLI
 * (see `spec-suite.ts`) and prints the tally and every case that did not pass. Exit 1 when a
 * case or a schema conversion is DIFFERENT.
 */
import path from 'node:path';
import { createSpecRunner, formatTally, loadSpecCases, tally, type CaseResult } from './spec-suite';

async function main(): Promise<number> {
  const [specDir, repoArg] = process.argv.slice(2);
  if (!specDir) throw new Error('usage: node scripts/dotprompt-spec.mjs <dotprompt spec folder>');
  const repo = path.resolve(repoArg ?? process.cwd());
  const runner = await createSpecRunner(repo);
  const results: Array<CaseResult & { id: string }> = [];
  try {
    for (const specCase of loadSpecCases(path.resolve(specDir))) results.push({ id: specCase.id, ...(await runner.run(specCase)) });
  } finally {
    await runner.close();
  }
  const t = tally(results);
  console.log(formatTally(t));
  for (const r of results) {
    if (r.outcome.kind === 'pass') continue;
    console.log(`${r.outcome.kind.padEnd(11)} ${r.id}\n            ${r.outcome.reason}${r.schema === undefined ? '' : `\n            output.schema: ${r.schema}`}`);
  }
  return t.different === 0 && t.schemasDifferent === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(3);
  },
);
