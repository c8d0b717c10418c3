import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import type { FakeChatBody } from '../fake-server/wire-format';
import { ensureBuilt, exportCells, runCli, runIdFrom, startCli } from '../support/cli-process';

// The real CLI process, the real groq-sdk / Cerebras SDK, the fake server on 127.0.0.1, and the
// local store on disk: a run end to end, faults that must not lose or duplicate a cell, and
// Ctrl-C followed by --resume.
let dir: string;
let server: FakeServer;

function env(): Record<string, string> {
  return {
    GROQ_API_KEY: 'test-key',
    CEREBRAS_API_KEY: 'test-key',
    GROQ_BASE_URL: server.url,
    CEREBRAS_BASE_URL: server.url,
    REFINERY_HOME: path.join(dir, 'store'),
  };
}

function labelFor(ticket: string): string {
  return ticket.includes('charged') ? 'billing' : 'bug';
}

/** The judge answers JSON verdicts; everything else answers a label. */
function respond(body: FakeChatBody): string {
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = body.messages.at(-1)?.content ?? '';
  if (system.includes('You grade')) {
    const expected = /Correct label: (\S+)/.exec(user)?.[1];
    const answer = /Model answer: (\S+)/.exec(user)?.[1];
    const pass = expected === answer;
    return `Here is my verdict:\n\`\`\`json\n{"score": ${pass ? 1 : 0}, "pass": ${pass}, "reason": "${pass ? 'matches' : 'differs'}"}\n\`\`\``;
  }
  return labelFor(user);
}

function writeDataset(name: string, rows: number, labelled = true): string {
  const lines = [labelled ? 'ticket,expected' : 'ticket'];
  for (let i = 0; i < rows; i++) {
    const ticket = i % 3 === 0 ? `I was charged twice (#${i})` : `The export button fails (#${i})`;
    // Every third expected label is wrong on purpose, so the grader fails those rows.
    lines.push(labelled ? `"${ticket}",${i % 6 === 0 ? 'account' : labelFor(ticket)}` : `"${ticket}"`);
  }
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function writePrompt(name: string, frontmatter: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `---\n${frontmatter}\n---\n{{role "system"}}Label the ticket.\n{{role "user"}}{{ticket}}\n`);
  return file;
}


interface ExportedCell {
  status: string;
  output: string | null;
  model: string;
  row_index: number;
  grade_pass: boolean | null;
  cost_usd: number | null;
  tokens_in: number | null;
}

const exportedCells = (runId: string): Promise<ExportedCell[]> => exportCells<ExportedCell>(runId, { cwd: dir, env: env() });

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-cli-'));
  server = await startFakeServer({ respond });
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('refinery run, end to end', () => {
  it('runs rows × models with a grader, prints the summary, stores and exports every cell', async () => {
    writeDataset('tickets.csv', 24);
    writeFileSync(
      path.join(dir, 'judge.prompt'),
      `---\nmodel: groq/openai/gpt-oss-120b\nrefinery.kind: grader\n---\n{{role "system"}}You grade answers.\n{{role "user"}}Ticket: {{ticket}}\nCorrect label: {{expected}}\nModel answer: {{output}}\n`,
    );
    const prompt = writePrompt(
      'triage.prompt',
      `refinery.models: [groq/openai/gpt-oss-20b, cerebras/gpt-oss-120b]\nrefinery.dataset: tickets.csv\nrefinery.graders: [judge.prompt]`,
    );
    const csvOut = path.join(dir, 'results.csv');
    const result = await runCli(['run', prompt, '--out', csvOut], { cwd: dir, env: env() });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('groq/openai/gpt-oss-20b');
    expect(result.stdout).toContain('cerebras/gpt-oss-120b');
    // 24 rows; rows 0, 6, 12, 18 carry a wrong expected label → 20/24 pass on each model.
    expect(result.stdout).toMatch(/83% \(20\/24\)/);

    const runId = runIdFrom(result.stdout);
    const cells = await exportedCells(runId);
    expect(cells).toHaveLength(48);
    expect(cells.every((c) => c.status === 'completed')).toBe(true);
    expect(cells.filter((c) => c.grade_pass === false).map((c) => c.row_index).sort((a, b) => a - b)).toEqual([0, 0, 6, 6, 12, 12, 18, 18]);
    const groqCell = cells.find((c) => c.model === 'groq/openai/gpt-oss-20b' && c.row_index === 1);
    expect(groqCell?.output).toBe('bug');
    expect(groqCell?.tokens_in).toBeGreaterThan(0);
    expect(groqCell?.cost_usd).toBeGreaterThan(0);

    const csv = Papa.parse<Record<string, string>>(readFileSync(csvOut, 'utf8'), { header: true, skipEmptyLines: true });
    expect(csv.data).toHaveLength(48);
    expect(csv.meta.fields).toEqual(expect.arrayContaining(['input.ticket', 'output', 'latency_ms', 'cost_usd', 'grade.judge.prompt.pass', 'manual_pass']));

    const list = await runCli(['runs', 'list'], { cwd: dir, env: env() });
    expect(list.stdout).toContain(runId);
    expect(list.stdout).toMatch(/48 cells, 0 errored/);
  }, 120_000);

  it('with 5 % of requests answering 500 and 1 % hanging, every cell completes exactly once', async () => {
    server.setOptions({ failureRate: 0.05, hangRate: 0.01, seed: 7 });
    server.reset();
    try {
      const rows = 300;
      const dataset = writeDataset('faulty.csv', rows, false);
      const prompt = writePrompt('faulty.prompt', 'model: groq/openai/gpt-oss-20b');
      // The timeout ends the hung requests; it stays far above a loaded machine's event-loop lag,
      // or an answer the client stopped waiting for would show up as a second request here.
      const result = await runCli(['run', prompt, '--dataset', dataset, '--concurrency', '32', '--timeout', '1500'], { cwd: dir, env: env() });
      expect(result.code, result.stdout + result.stderr).toBe(0);

      const stats = server.stats;
      expect(stats.byStatus[500] ?? 0).toBeGreaterThan(0);
      expect(stats.hung).toBeGreaterThan(0);
      expect(stats.perKey.size).toBe(rows);
      for (const [key, counts] of stats.perKey) {
        expect(counts.ok, `cell ${key} answered ${counts.ok} times`).toBe(1);
      }
      const cells = await exportedCells(runIdFrom(result.stdout));
      expect(cells).toHaveLength(rows);
      expect(cells.filter((c) => c.status !== 'completed')).toEqual([]);
    } finally {
      server.setOptions({ failureRate: 0, hangRate: 0 });
    }
  }, 120_000);

  it('Ctrl-C keeps completed cells, marks the run cancelled, and --resume runs only the missing ones', async () => {
    server.setOptions({ latencyMs: 60 });
    server.reset();
    try {
      const rows = 200;
      const dataset = writeDataset('resume.csv', rows, false);
      const prompt = writePrompt('resume.prompt', 'model: cerebras/gpt-oss-120b');
      const cli = startCli(['run', prompt, '--dataset', dataset, '--concurrency', '4'], { cwd: dir, env: env() });
      while ((server.stats.byStatus[200] ?? 0) < 40) await new Promise((r) => setTimeout(r, 20));
      cli.child.kill('SIGINT');
      expect(await cli.exit).toBe(130);
      const { stdout, stderr } = cli.output();
      expect(stderr).toMatch(/--resume/);
      const runId = runIdFrom(stdout);

      const show = await runCli(['runs', 'show', runId], { cwd: dir, env: env() });
      expect(show.stdout).toMatch(/cancelled/);
      const before = await exportedCells(runId);
      const completedBefore = before.filter((c) => c.status === 'completed').length;
      // the server had sent 40 answers; up to --concurrency of them may still have been on the way
      expect(completedBefore).toBeGreaterThanOrEqual(40 - 4);
      expect(completedBefore).toBeLessThan(rows);

      server.reset();
      server.setOptions({ latencyMs: 5 });
      const resumed = await runCli(['run', '--resume', runId], { cwd: dir, env: env() });
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain(`${completedBefore} already done`);
      expect(server.stats.totalRequests).toBe(rows - completedBefore);

      const after = await exportedCells(runId);
      expect(after).toHaveLength(rows);
      expect(after.every((c) => c.status === 'completed')).toBe(true);
    } finally {
      server.setOptions({ latencyMs: 0 });
    }
  }, 120_000);
});
