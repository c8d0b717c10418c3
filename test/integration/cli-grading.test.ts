import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli-process';

// The real CLI on the offline sim/echo model (it answers "echo: <user message>"): assertions,
// JUnit, --fail-under on pass rate and score, compare against a baseline, re-run failed cells.
let dir: string;
const env = () => ({ REFINERY_HOME: path.join(dir, 'store') });
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: env() });

function runIdFrom(stdout: string): string {
  const id = /run ([0-9a-f-]{36})/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in:\n${stdout}`);
  return id;
}

function writePrompt(name: string, template: string): string {
  writeFileSync(
    path.join(dir, name),
    `---\nrefinery.models: [sim/echo]\nrefinery.dataset: tickets.csv\nrefinery.assert:\n  - equals: { column: expected }\n  - latency-under: 60000\n---\n{{role "user"}}${template}\n`,
  );
  return path.join(dir, name);
}

let baselineId: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-grading-'));
  // Row 2's expected answer is wrong on purpose: 3 of 4 cells pass.
  writeFileSync(path.join(dir, 'tickets.csv'), 'ticket,expected\nt0,echo: t0\nt1,echo: t1\nt2,wrong\nt3,echo: t3\n');
  writePrompt('v1.prompt', '{{ticket}}');
  writePrompt('v2.prompt', '{{ticket}}!');
}, 60_000);

describe('refinery run with assertions', () => {
  it('checks them per cell, writes JUnit naming the failing assertion, and exports one column per assertion', async () => {
    const junit = path.join(dir, 'junit.xml');
    const out = path.join(dir, 'v1.jsonl');
    const result = await cli('run', 'v1.prompt', '--junit', junit, '--out', out, '--fail-under', 'pass-rate:0.7');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/75% \(3\/4\)/);
    baselineId = runIdFrom(result.stdout);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="refinery run');
    expect(xml).toContain('<testsuite name="sim/echo" tests="4" failures="1" errors="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toMatch(/<testcase classname="sim\/echo" name="row 2" time="[\d.]+">\n\s+<failure message="assert:equals: output &quot;echo: t2&quot; does not equal &quot;wrong&quot;"/);

    const cells = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(cells.map((c) => [c.row_index, c['assert.equals.pass'], c['assert.latency-under.pass'], c.grade_pass])).toEqual([
      [0, true, true, true],
      [1, true, true, true],
      [2, false, true, false],
      [3, true, true, true],
    ]);
  });

  it('--fail-under: a plain number and pass-rate: check the pass rate, score: the mean score', async () => {
    const below = await cli('run', 'v1.prompt', '--fail-under', '0.8');
    expect(below.code).toBe(1);
    expect(below.stderr).toContain('pass rate 75.0% is below --fail-under 80.0%');
    const score = await cli('run', 'v1.prompt', '--fail-under', 'score:0.5');
    expect(score.code).toBe(1);
    expect(score.stderr).toContain('no cell has a score');
    const bad = await cli('run', 'v1.prompt', '--fail-under', 'latency:3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-under checks pass-rate, pass-rate-lower or score, got "latency"');
  });
});

describe('refinery compare', () => {
  it('prints the deltas, the verdict and the regressed cells; --fail-on-regression waits for significance, --fail-on-any-regression does not', async () => {
    const v2 = await cli('run', 'v2.prompt');
    expect(v2.code, v2.stderr).toBe(0);
    const runId = runIdFrom(v2.stdout);

    const plain = await cli('compare', runId, baselineId);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`run ${runId} vs baseline ${baselineId}`);
    // Rows 0, 1, 3 went pass → fail; row 2 failed before and after but its output changed.
    expect(plain.stdout).toMatch(/sim\/echo\s+75% → 0% \(-75 pts\)/);
    expect(plain.stdout).toContain('regressed cells (3):\n  row 0  sim/echo  pass → fail\n  row 1  sim/echo  pass → fail\n  row 3  sim/echo  pass → fail');

    // 3 of 4 rows regressed, none improved: McNemar exact p = 2·(1/8) = 0.25, too few rows to call it
    expect(plain.stdout).toContain('pass rate: -75.0 points [');
    expect(plain.stdout).toContain('p = 0.25 — not significant at 0.05 (0 improved, 3 regressed)');
    const gated = await cli('compare', runId, baselineId, '--fail-on-regression');
    expect(gated.code, gated.stdout + gated.stderr).toBe(0);
    expect(gated.stderr).toContain("3 cells regressed, but no model's pass rate dropped significantly at 0.05: not failing");
    const strict = await cli('compare', runId, baselineId, '--fail-on-any-regression');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('sim/echo: 3 cells regressed');

    const missing = await cli('compare', runId);
    expect(missing.code).toBe(2);
  });
});

describe('refinery run --resume ID --failed', () => {
  it('runs again only the cells that failed grading', async () => {
    const resumed = await cli('run', '--resume', baselineId, '--failed');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/3 already done/);
    expect(resumed.stdout).toMatch(/75% \(3\/4\)/);
    const without = await cli('run', '--failed');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--failed re-runs the failed cells of a run: use it with --resume RUN_ID');
  });
});

describe('refinery run --estimate / --max-cost', () => {
  it('prints the estimate without calling a model, and refuses to start above --max-cost', async () => {
    // Each row renders to one user message "tN" ("t" | "N": 2 tokens) + 4 for the message + 3 for
    // the reply = 9, so 36 input tokens; no maxOutputTokens → 1024 per call.
    // groq/openai/gpt-oss-20b: 36 × $0.075/M + 4096 × $0.30/M = $0.0000027 + $0.0012288 ≈ $0.0012
    const estimate = await cli('run', 'v1.prompt', '--model', 'groq/openai/gpt-oss-20b', '--estimate');
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(estimate.stdout).toContain('groq/openai/gpt-oss-20b: 4 calls, ~36 input + ≤4096 output tokens (o200k_base), $0.0012');
    expect(estimate.stdout).toContain('total: at most about $0.0012');
    expect(estimate.stdout).not.toMatch(/run [0-9a-f-]{36}/);

    const refused = await cli('run', 'v1.prompt', '--model', 'groq/openai/gpt-oss-20b', '--max-cost', '0.001');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the estimated cost $0.0012 is above --max-cost $0.0010');
  });

  it('says "price unknown" for a model without a price, never $0, and leaves it out of the total', async () => {
    const mixed = await cli('run', 'v1.prompt', '--model', 'groq/openai/gpt-oss-20b', '--model', 'groq/llama-3.1-8b-instant', '--estimate');
    expect(mixed.code, mixed.stderr).toBe(0);
    expect(mixed.stdout).toContain('groq/llama-3.1-8b-instant: 4 calls, ~36 input + ≤4096 output tokens (cl100k_base), price unknown');
    expect(mixed.stdout).toContain('total: at most about $0.0012 for the priced models, plus groq/llama-3.1-8b-instant: price unknown');

    const unpriced = await cli('run', 'v1.prompt', '--model', 'groq/llama-3.1-8b-instant', '--estimate');
    expect(unpriced.stdout).toContain('total: price unknown (groq/llama-3.1-8b-instant)');
    expect(unpriced.stdout).not.toContain('$0');
  });
});
