import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import type { FakeChatBody } from '../fake-server/wire-format';
import { ensureBuilt, runCli } from '../support/cli-process';

// CI gates that cannot pass by accident, through the real CLI process, the real SDKs and the fake
// server: a judge whose answers cannot be read leaves cells ungraded, and ungraded is not passed.
let dir: string;
let server: FakeServer;
/** The judge answers prose (no verdict) on these ticket numbers; JSON verdicts on the others. */
let proseOn: (ticket: number) => boolean = () => false;
let summaryFile: string;

const env = (): Record<string, string> => ({
  GROQ_API_KEY: 'test-key',
  CEREBRAS_API_KEY: 'test-key',
  GROQ_BASE_URL: server.url,
  CEREBRAS_BASE_URL: server.url,
  REFINERY_HOME: path.join(dir, 'store'),
  GITHUB_STEP_SUMMARY: summaryFile,
});
const cli = (...args: string[]) => runCli(args, { cwd: dir, env: env() });

function respond(body: FakeChatBody): string {
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = body.messages.at(-1)?.content ?? '';
  if (!system.includes('You grade')) return 'billing';
  const ticket = Number(/Ticket: t(\d+)/.exec(user)?.[1]);
  if (proseOn(ticket)) return 'The answer looks reasonable to me, I would say it is mostly right.';
  return '{"score": 1, "pass": true, "reason": "matches"}';
}

function runIdFrom(stdout: string): string {
  const id = /run ([0-9a-f-]{36})/.exec(stdout)?.[1];
  if (!id) throw new Error(`no run id in:\n${stdout}`);
  return id;
}

/** The summary line of one model: its columns split on runs of two or more spaces. */
function summaryRow(stdout: string, model: string): Record<string, string> {
  const lines = stdout.split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('model ') && l.includes('pass rate'));
  const titles = (lines[headerAt] ?? '').trim().split(/\s{2,}/);
  const line = lines.slice(headerAt).find((l) => l.startsWith(model));
  if (!line) throw new Error(`no summary line for ${model} in:\n${stdout}`);
  const values = line.trim().split(/\s{2,}/);
  return Object.fromEntries(titles.map((title, i) => [title, values[i] ?? '']));
}

const junitTotals = (xml: string) => {
  const match = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml);
  return { tests: Number(match?.[1]), failures: Number(match?.[2]), errors: Number(match?.[3]) };
};

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-gates-'));
  server = await startFakeServer({ respond });
  writeFileSync(path.join(dir, 'tickets.csv'), ['ticket,expected', ...Array.from({ length: 20 }, (_, i) => `t${i},billing`)].join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'judge.prompt'),
    '---\nmodel: groq/llama-3.3-70b-versatile\nrefinery.kind: grader\n---\n{{role "system"}}You grade answers.\n{{role "user"}}Ticket: {{ticket}}\nExpected: {{expected}}\nAnswer: {{output}}\n',
  );
  const prompt = (models: string, extra: string) =>
    `---\nrefinery.models: [${models}]\nrefinery.dataset: tickets.csv\n${extra}---\n{{role "system"}}Label the ticket.\n{{role "user"}}{{ticket}}\n`;
  writeFileSync(path.join(dir, 'graded.prompt'), prompt('groq/llama-3.1-8b-instant, cerebras/gpt-oss-120b', 'refinery.graders: [judge.prompt]\n'));
  writeFileSync(path.join(dir, 'one-model.prompt'), prompt('groq/llama-3.1-8b-instant', 'refinery.graders: [judge.prompt]\n'));
  writeFileSync(path.join(dir, 'unchecked.prompt'), prompt('groq/llama-3.1-8b-instant', ''));
}, 60_000);

beforeEach(() => {
  proseOn = () => false;
  summaryFile = path.join(mkdtempSync(path.join(dir, 'summary-')), 'step-summary.md');
  server.reset();
});

afterAll(async () => {
  await server?.close();
});

describe('a judge whose answers cannot be read', () => {
  it('fails --fail-under (exit 1), reports every ungraded cell as a JUnit error and counts them in the summary', async () => {
    proseOn = () => true;
    const junit = path.join(dir, 'prose.xml');
    const result = await cli('run', 'graded.prompt', '--fail-under', '0.5', '--junit', junit);
    expect(result.code, result.stdout + result.stderr).toBe(1);

    for (const model of ['groq/llama-3.1-8b-instant', 'cerebras/gpt-oss-120b']) {
      expect(summaryRow(result.stdout, model)).toMatchObject({ 'pass rate': '0% (0/20)', ungraded: '20', errored: '0' });
    }
    expect(result.stderr).toContain('pass rate 0.0% is below --fail-under 50.0%');
    expect(result.stderr).toContain(
      '40 of 40 cells are ungraded (100.0%), more than --max-ungraded 0; e.g. groq/llama-3.1-8b-instant: judge.prompt: no JSON object or <response> block with a score or pass field was found',
    );

    const xml = readFileSync(junit, 'utf8');
    expect(junitTotals(xml)).toEqual({ tests: 40, failures: 0, errors: 40 });
    expect(xml.match(/<error type="ungraded" message="ungraded: judge\.prompt: no JSON object or &lt;response&gt; block/g)).toHaveLength(40);

    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('| model | pass rate | 95% CI | ungraded | mean score | score 95% CI | cost | p50 | p95 | errored |');
    expect(markdown).toMatch(/\| ` groq\/llama-3\.1-8b-instant ` \| 0% \\\(0\/20\\\) \| \\\[0–16\\\] \| 20 \| — \| — \| /);
    expect(markdown).toContain('**Failed:**');
  }, 120_000);

  it('--max-ungraded 10% passes a run with 5 % of its cells ungraded and fails one with 20 %', async () => {
    proseOn = (ticket) => ticket === 7;
    const five = await cli('run', 'one-model.prompt', '--max-ungraded', '10%', '--fail-under', '0.9');
    expect(five.code, five.stdout + five.stderr).toBe(0);
    expect(summaryRow(five.stdout, 'groq/llama-3.1-8b-instant')).toMatchObject({ 'pass rate': '95% (19/20)', ungraded: '1' });

    proseOn = (ticket) => ticket % 5 === 0;
    const twenty = await cli('run', 'one-model.prompt', '--max-ungraded', '10%');
    expect(twenty.code, twenty.stdout + twenty.stderr).toBe(1);
    expect(summaryRow(twenty.stdout, 'groq/llama-3.1-8b-instant')).toMatchObject({ 'pass rate': '80% (16/20)', ungraded: '4' });
    expect(twenty.stderr).toContain('4 of 20 cells are ungraded (20.0%), more than --max-ungraded 10%; e.g. groq/llama-3.1-8b-instant: judge.prompt: no JSON object');

    // The judge answers again: --resume --failed grades the ungraded cells again, and only those.
    proseOn = () => false;
    server.reset();
    const resumeHint = `refinery run --resume ${runIdFrom(twenty.stdout)} --failed`;
    expect(twenty.stderr).toContain(`if the judge was only unavailable, grade them again with: ${resumeHint}`);
    const regraded = await cli('run', '--resume', runIdFrom(twenty.stdout), '--failed');
    expect(regraded.code, regraded.stdout + regraded.stderr).toBe(0);
    expect(summaryRow(regraded.stdout, 'groq/llama-3.1-8b-instant')).toMatchObject({ 'pass rate': '100% (20/20)', ungraded: '0' });
    expect(server.stats.totalRequests).toBe(8); // 4 cells: the model and the judge again

    // The default is none: the one ungraded cell fails a run that asked for nothing else.
    proseOn = (ticket) => ticket === 7;
    const strict = await cli('run', 'one-model.prompt');
    expect(strict.code, strict.stdout + strict.stderr).toBe(1);
    expect(strict.stderr).toContain('1 of 20 cells is ungraded (5.0%), more than --max-ungraded 0');
  }, 120_000);
});

describe('nothing to gate on', () => {
  it('--fail-under on a prompt without graders or assertions exits 2 before calling a model', async () => {
    const result = await cli('run', 'unchecked.prompt', '--fail-under', '0.9');
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('nothing to gate on: add refinery.graders or refinery.assert');
    expect(server.stats.totalRequests).toBe(0);
  });

  it('compare --fail-on-regression against a run without checks exits 2; a judge that broke is a regression', async () => {
    const plain = await cli('run', 'unchecked.prompt');
    expect(plain.code, plain.stdout + plain.stderr).toBe(0);
    expect(summaryRow(plain.stdout, 'groq/llama-3.1-8b-instant')).toMatchObject({ 'pass rate': '—', ungraded: '0' });
    expect(readFileSync(summaryFile, 'utf8')).toContain('**No grader or assertion ran: nothing was checked.**');
    const healthy = await cli('run', 'one-model.prompt');
    expect(healthy.code, healthy.stdout + healthy.stderr).toBe(0);

    const refused = await cli('compare', runIdFrom(healthy.stdout), runIdFrom(plain.stdout), '--fail-on-regression');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`nothing to gate on: add refinery.graders or refinery.assert: the baseline run ${runIdFrom(plain.stdout)} has no grader or assertion`);

    proseOn = (ticket) => ticket < 2;
    const broken = await cli('run', 'one-model.prompt', '--max-ungraded', '2');
    expect(broken.code, broken.stdout + broken.stderr).toBe(0);
    // two of 20 rows regressed: a drop that could be noise (McNemar exact p = 0.5) does not fail the significance gate…
    const noisy = await cli('compare', runIdFrom(broken.stdout), runIdFrom(healthy.stdout), '--fail-on-regression');
    expect(noisy.code, noisy.stdout + noisy.stderr).toBe(0);
    expect(noisy.stdout).toContain('p = 0.50 — not significant at 0.05 (0 improved, 2 regressed)');
    // …and fails the strict one: ungraded is not passed, so a judge that broke is a regression
    const gated = await cli('compare', runIdFrom(broken.stdout), runIdFrom(healthy.stdout), '--fail-on-any-regression');
    expect(gated.code, gated.stdout + gated.stderr).toBe(1);
    expect(gated.stdout).toContain('regressed cells (2):\n  row 0  groq/llama-3.1-8b-instant  pass → ungraded\n  row 1  groq/llama-3.1-8b-instant  pass → ungraded');
  }, 120_000);
});

describe('a healthy graded run', () => {
  it('still exits 0 under --fail-under, with nothing ungraded, and writes the step summary', async () => {
    const junit = path.join(dir, 'healthy.xml');
    const result = await cli('run', 'graded.prompt', '--fail-under', '0.9', '--junit', junit);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(summaryRow(result.stdout, 'cerebras/gpt-oss-120b')).toMatchObject({ 'pass rate': '100% (20/20)', ungraded: '0' });
    expect(junitTotals(readFileSync(junit, 'utf8'))).toEqual({ tests: 40, failures: 0, errors: 0 });
    expect(result.stdout).toContain('appended the summary to $GITHUB_STEP_SUMMARY');
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toMatch(/\| ` cerebras\/gpt-oss-120b ` \| 100% \\\(20\/20\\\) \| \\\[84–100\\\] \| 0 \| 1\\\.00 \| /);
    expect(markdown).not.toContain('**Failed:**');
  }, 120_000);
});
