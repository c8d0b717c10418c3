import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli-process';

// The real CLI with refinery.repeat: 3 on the offline sim/echo model (deterministic: its
// samples always agree), an assertion that fails on row 2, the summary's repeat columns, the
// export's sample columns read back, and the estimate multiplied by the repeat.
let dir: string;
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { REFINERY_HOME: path.join(dir, 'store') } });

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-repeat-'));
  writeFileSync(path.join(dir, 'tickets.csv'), 'ticket,expected\nt0,echo: t0\nt1,echo: t1\nt2,wrong\nt3,echo: t3\n');
  writeFileSync(
    path.join(dir, 'p.prompt'),
    '---\nrefinery.models: [sim/echo]\nrefinery.dataset: tickets.csv\nrefinery.repeat: 3\nrefinery.assert:\n  - equals: { column: expected }\n---\n{{role "user"}}{{ticket}}\n',
  );
}, 60_000);

describe('refinery run with refinery.repeat: 3', () => {
  let runId = '';

  it('prints the repeat count and the sample agreement, and exports the samples (csv and jsonl read back)', async () => {
    const csv = path.join(dir, 'out.csv');
    const result = await cli('run', 'p.prompt', '--out', csv);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    runId = /run ([0-9a-f-]{36})/.exec(result.stdout)?.[1] ?? '';
    const lines = result.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('model')) ?? '';
    expect(header).toMatch(/errored {2}repeat {2}sample agreement {2}sample pass rate {2,}pass\^k$/);
    // 9 of 12 samples pass; 3 of 4 cells pass in every sample: Wilson 3/4 = [30–95]
    expect(lines.find((l) => l.startsWith('sim/echo'))).toMatch(/75% \(3\/4\).* ×3 +100% \(4\/4\) +75% \[\d+–\d+\] +75% \[30–95\]$/);

    const parsed = Papa.parse<Record<string, unknown>>(readFileSync(csv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => [r.row_index, r.sample_count, r.sample_pass_count, r.distinct_outputs, r.grade_pass])).toEqual([
      [0, 3, 3, 1, true],
      [1, 3, 3, 1, true],
      [2, 3, 0, 1, false],
      [3, 3, 3, 1, true],
    ]);
    const samples = JSON.parse(String(parsed.data[2]?.samples)) as Array<Record<string, unknown>>;
    expect(samples.map((s) => [s.output, s.grade_pass])).toEqual([['echo: t2', false], ['echo: t2', false], ['echo: t2', false]]);

    const jsonl = path.join(dir, 'out.jsonl');
    const exported = await cli('export', runId, '--out', jsonl);
    expect(exported.code, exported.stderr).toBe(0);
    const cells = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(cells.map((c) => (c.samples as unknown[]).length)).toEqual([3, 3, 3, 3]);
    expect((cells[0]?.samples as Array<{ grades: Array<{ grader: string; pass: boolean }> }>)[1]?.grades).toEqual([
      expect.objectContaining({ grader: 'assert:equals', pass: true }),
    ]);
  });

  it('runs show prints the same repeat columns', async () => {
    const shown = await cli('runs', 'show', runId);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/×3 +100% \(4\/4\)/);
  });

  it('--estimate counts every sample: 4 rows × 3 calls', async () => {
    const estimate = await cli('run', 'p.prompt', '--model', 'groq/openai/gpt-oss-20b', '--estimate');
    expect(estimate.code, estimate.stderr).toBe(0);
    // 12 calls × (user message "tN": 2 tokens + 4 per message + 3 for the reply = 9 in; 1024 out):
    // 108 × $0.075/M + 12288 × $0.30/M ≈ $0.0037
    expect(estimate.stdout).toContain('groq/openai/gpt-oss-20b: 12 calls, ~108 input + ≤12288 output tokens (o200k_base), $0.0037');
  });
});
