import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import type { FakeChatBody } from '../fake-server/wire-format';
import { ensureBuilt, runCli } from '../support/cli-process';
import { openLocalStore } from '../../src/store/local';

// Gates that do not fire on noise, through the real CLI process, the real SDKs and a fake server
// whose judge is scripted per ticket: a run is graded as `passes(ticket)` says at the time it runs.
const ROWS = 40;
let dir: string;
let server: FakeServer;
let passes: (ticket: number) => boolean = () => true;
let summaryFile: string;

const env = (): Record<string, string> => ({
  GROQ_API_KEY: 'test-key',
  GROQ_BASE_URL: server.url,
  REFINERY_HOME: path.join(dir, 'store'),
  GITHUB_STEP_SUMMARY: summaryFile,
});
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: env() });

/** The pairwise judge: scripted per test. */
let prefer: (outputA: string, outputB: string) => string = () => '{"winner": "A"}';

function respond(body: FakeChatBody): string {
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = body.messages.at(-1)?.content ?? '';
  if (system.includes('You compare')) return prefer(/Output A: (.*)/.exec(user)?.[1] ?? '', /Output B: (.*)/.exec(user)?.[1] ?? '');
  if (!system.includes('You grade')) return 'billing';
  const ticket = Number(/Ticket: t(\d+)/.exec(user)?.[1]);
  return passes(ticket) ? '{"pass": true, "reason": "right"}' : '{"pass": false, "reason": "wrong"}';
}

function runIdFrom(stdout: string): string {
  const id = /run ([0-9a-f-]{36})/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in:\n${stdout}`);
  return id;
}

/** A graded run whose judge passes exactly the tickets not in `failing`. */
async function runWith(failing: ReadonlySet<number>, ...extra: string[]): Promise<{ id: string; code: number | null; stdout: string; stderr: string }> {
  passes = (ticket) => !failing.has(ticket);
  const result = await cli('run', 'graded.prompt', ...extra);
  return { id: runIdFrom(result.stdout), ...result };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

let baselineId: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-significance-'));
  server = await startFakeServer({ respond });
  writeFileSync(path.join(dir, 'tickets.csv'), ['ticket,expected', ...range(0, ROWS).map((i) => `t${i},billing`)].join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'judge.prompt'),
    '---\nmodel: groq/openai/gpt-oss-120b\nrefinery.kind: grader\n---\n{{role "system"}}You grade answers.\n{{role "user"}}Ticket: {{ticket}}\nAnswer: {{output}}\n',
  );
  writeFileSync(
    path.join(dir, 'graded.prompt'),
    '---\nrefinery.models: [groq/openai/gpt-oss-20b]\nrefinery.dataset: tickets.csv\nrefinery.graders: [judge.prompt]\n---\n{{role "system"}}Label the ticket.\n{{role "user"}}{{ticket}}\n',
  );
  writeFileSync(
    path.join(dir, 'preference.prompt'),
    '---\nmodel: groq/openai/gpt-oss-120b\nrefinery.kind: pairwise\nconfig: { maxOutputTokens: 32 }\n---\n{{role "system"}}You compare answers.\n{{role "user"}}Ticket: {{ticket}}\nOutput A: {{output_a}}\nOutput B: {{output_b}}\n',
  );
  summaryFile = path.join(dir, 'baseline-summary.md');
  // The baseline: rows 30–39 fail, 30 of 40 pass.
  const baseline = await runWith(new Set(range(30, ROWS)));
  expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  baselineId = baseline.id;
}, 120_000);

beforeEach(() => {
  summaryFile = path.join(mkdtempSync(path.join(dir, 'summary-')), 'step-summary.md');
  server.reset();
});

afterAll(async () => {
  await server?.close();
});

describe('refinery compare --fail-on-regression', () => {
  it('exits 0 on a drop that could be noise (3 regressed, 1 improved: p = 0.625), and says why', async () => {
    // rows 0–2 now fail, row 30 now passes: 28 of 40 pass
    const current = await runWith(new Set([0, 1, 2, ...range(31, ROWS)]));
    const junit = path.join(dir, 'noise.xml');
    const result = await cli('compare', current.id, baselineId, '--fail-on-regression', '--junit', junit);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // p = 2·P(X ≤ 1 | Bin(4, ½)) = 2·5/16
    expect(result.stdout).toContain('pass rate: -5.0 points [');
    expect(result.stdout).toContain('p = 0.63 — not significant at 0.05 (1 improved, 3 regressed)');
    expect(result.stdout).toContain('flipped: improved rows 30; regressed rows 0, 1, 2');
    expect(result.stderr).toContain("3 cells regressed, but no model's pass rate dropped significantly at 0.05: not failing");

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="1" failures="0"/);
    expect(xml).toContain('<property name="verdict" value="no-difference"/>');
    expect(xml).toContain('<property name="p-value" value="0.625"/>');
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('### Refinery compare:');
    expect(markdown).toContain('p = 0\\.63 — not significant at 0\\.05');

    // the old strictness is still there when asked for
    const strict = await cli('compare', current.id, baselineId, '--fail-on-any-regression');
    expect(strict.code, strict.stdout + strict.stderr).toBe(1);
    expect(strict.stderr).toContain('groq/openai/gpt-oss-20b: 3 cells regressed');
  }, 120_000);

  it('exits 1 on a significant drop (10 regressed, none improved: p = 2/1024), with the verdict in JUnit and the step summary', async () => {
    const current = await runWith(new Set(range(20, ROWS)));
    const junit = path.join(dir, 'drop.xml');
    const result = await cli('compare', current.id, baselineId, '--fail-on-regression', '--junit', junit);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('p = 0.002 — significant regression at 0.05 (0 improved, 10 regressed)');
    expect(result.stderr).toMatch(/^groq\/openai\/gpt-oss-20b: -25\.0 points \[-?\d+\.\d, -\d+\.\d\], p = 0\.002 — significant regression at 0\.05/m);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="1" failures="1"/);
    expect(xml).toContain('<property name="verdict" value="worse"/>');
    expect(xml).toContain('<property name="p-value" value="0.001953125"/>');
    expect(xml).toMatch(/<failure message="groq\/openai\/gpt-oss-20b: -25\.0 points/);
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('significant regression at 0\\.05');
    expect(markdown).toContain('**Failed:**');

    // a stricter alpha than the evidence: not significant, exit 0
    const strict = await cli('compare', current.id, baselineId, '--fail-on-regression', '--alpha', '0.001');
    expect(strict.code, strict.stdout + strict.stderr).toBe(0);
    expect(strict.stdout).toContain('p = 0.002 — not significant at 0.001');
  }, 120_000);
});

describe('refinery run --fail-under pass-rate-lower', () => {
  it('fails a 90 % pass rate whose 95 % lower bound is below 80 %, which plain pass-rate:0.8 lets through', async () => {
    const failing = new Set([0, 1, 2, 3]); // 36 of 40 pass; Wilson 36/40 = [0.7695, 0.9604] (scipy)
    const plain = await runWith(failing, '--fail-under', 'pass-rate:0.8');
    expect(plain.code, plain.stdout + plain.stderr).toBe(0);
    const lower = await runWith(failing, '--fail-under', 'pass-rate-lower:0.8');
    expect(lower.code, lower.stdout + lower.stderr).toBe(1);
    expect(lower.stderr).toContain("the pass rate's 95% lower bound 76.9% (pass rate 90.0%, 36/40 cells, Wilson interval) is below --fail-under pass-rate-lower:0.8");
    const all = await runWith(new Set(), '--fail-under', 'pass-rate-lower:0.8'); // 40/40: lower bound 0.9124
    expect(all.code, all.stdout + all.stderr).toBe(0);
  }, 120_000);
});

describe('refinery compare --pairwise', () => {
  it('judges every pair in both orders (2 calls per pair), reports a first-position judge as 100% biased with all ties, stores and exports the pairs', async () => {
    const current = await runWith(new Set(range(30, ROWS)));
    server.reset();
    const estimate = await cli('compare', current.id, baselineId, '--pairwise', 'preference.prompt', '--estimate');
    expect(estimate.code, estimate.stdout + estimate.stderr).toBe(0);
    expect(estimate.stdout).toContain(`pairwise: ${ROWS} pairs × 2 orders = ${2 * ROWS} judge calls on groq/openai/gpt-oss-120b`);
    expect(estimate.stdout).toMatch(/cost at most \$0\.\d+/);
    expect(server.stats.totalRequests).toBe(0);

    prefer = () => '{"winner": "A", "reason": "first is best"}';
    const out = path.join(dir, 'pairs.csv');
    const result = await cli('compare', current.id, baselineId, '--pairwise', 'preference.prompt', '--out', out);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(server.stats.totalRequests).toBe(2 * ROWS);
    expect(result.stdout).toContain(`A wins 0, B wins 0, ties ${ROWS} — no pair decided either way`);
    expect(result.stdout).toContain(`position bias 100% (${ROWS} of ${ROWS} judged pairs picked the same position in both orders, so they count as ties)`);
    expect(result.stdout).toMatch(new RegExp(`${ROWS} pairs, ${2 * ROWS} judge calls, cost \\$0\\.\\d+`));
    expect(readFileSync(out, 'utf8').split('\n')[0]).toContain('outcome,followed_position,cost_usd,a_first_choice,a_first_position');
    expect(readFileSync(summaryFile, 'utf8')).toContain('position bias 100%');

    const store = await openLocalStore({ dataDir: path.join(dir, 'store') });
    try {
      const [stored] = await store.listPairwiseComparisons(current.id);
      expect(stored).toMatchObject({ runId: current.id, baselineRunId: baselineId, graderPath: 'preference.prompt', judge: 'groq/openai/gpt-oss-120b' });
      expect(stored?.summary).toMatchObject({ ties: ROWS, positionBiasRate: 1, winsA: 0, winsB: 0 });
      expect(stored?.pairs).toHaveLength(ROWS);
      expect(stored?.costUsd).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
