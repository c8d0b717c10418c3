// The README's first command: runs the bundled example on the local store — on Groq and
// Cerebras when their keys are set, otherwise on the offline simulated provider.
import { spawnSync } from 'node:child_process';

const args = ['bin/refinery.js', 'run', 'examples/triage/triage.prompt', '--out', 'examples/triage/results.csv'];
const hasGroq = Boolean(process.env.GROQ_API_KEY);
const hasCerebras = Boolean(process.env.CEREBRAS_API_KEY);
if (!hasGroq || !hasCerebras) {
  const models = [];
  if (hasGroq) models.push('groq/openai/gpt-oss-20b');
  if (hasCerebras) models.push('cerebras/gpt-oss-120b');
  while (models.length < 2) models.push(models.length === 0 ? 'sim/echo' : 'sim/echo-2');
  for (const m of models) args.push('--model', m);
  args.push('--judge', hasGroq ? 'groq/openai/gpt-oss-120b' : 'sim/judge');
  console.log(`(no ${[!hasGroq && 'GROQ_API_KEY', !hasCerebras && 'CEREBRAS_API_KEY'].filter(Boolean).join(' / ')}: using ${models.join(' + ')}; simulated results are labelled as such)`);
}
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
