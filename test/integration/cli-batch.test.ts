import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../src/store/local';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import { ensureBuilt, exportCells, runCli, runIdFrom, startCli } from '../support/cli-process';

// `refinery run --batch` and `refinery runs watch|resume|cancel`: the real CLI process, the real
// groq-sdk (and the openai SDK for Cerebras' preview) against the fake server's Batch API, the
// local store on disk. The fake processes a batch as it is polled, so nothing here sleeps.
let dir: string;
let server: FakeServer;
const PRICE = { inputPerMillion: 1, outputPerMillion: 2 };

function env(): Record<string, string> {
  return { GROQ_API_KEY: 'test-key', CEREBRAS_API_KEY: 'test-key', GROQ_BASE_URL: server.url, CEREBRAS_BASE_URL: server.url, REFINERY_HOME: path.join(dir, 'store') };
}

function writeConfig(batch: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = path.join(dir, 'refinery.config.json');
  writeFileSync(file, JSON.stringify({ prices: { 'groq/openai/gpt-oss-20b': PRICE, 'cerebras/gpt-oss-120b': PRICE }, batch: { pollIntervalMs: 10, maxPollIntervalMs: 40, ...batch }, ...extra }));
  return file;
}

function writeRun(name: string, rows: number, model = 'groq/openai/gpt-oss-20b'): string {
  writeFileSync(path.join(dir, `${name}.csv`), ['ticket', ...Array.from({ length: rows }, (_, i) => `ticket number ${i}`)].join('\n') + '\n');
  const prompt = path.join(dir, `${name}.prompt`);
  writeFileSync(prompt, `---\nmodel: ${model}\nrefinery.dataset: ${name}.csv\nconfig: { maxOutputTokens: 64 }\n---\n{{role "system"}}Label the ticket.\n{{role "user"}}{{ticket}}\n`);
  return prompt;
}


interface ExportedCell {
  status: string;
  output: string | null;
  error: string | null;
  row_index: number;
  cost_usd: number | null;
  batch: boolean;
  batch_discount: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
}

const exportedCells = (runId: string): Promise<ExportedCell[]> => exportCells<ExportedCell>(runId, { cwd: dir, env: env() });

async function storedBatches(runId: string) {
  const store = await openLocalStore({ dataDir: path.join(dir, 'store') });
  try {
    return await store.listRunBatches(runId);
  } finally {
    await store.close();
  }
}

/** Starts `refinery run PROMPT --batch` and resolves once its batch is partly done. */
async function startBatchRunUntilProgress(prompt: string) {
  const cli = startCli(['run', prompt, '--batch'], { cwd: dir, env: env() });
  const deadline = Date.now() + 60_000;
  while (!/batch 1\/1 · [1-9]\d* %/.test(cli.output().stdout)) {
    if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`no batch progress:\n${cli.output().stdout}${cli.output().stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return cli;
}

/** Every row index once: no cell missing, none twice. */
function expectEveryRowOnce(cells: ExportedCell[], rows: number): void {
  expect(cells).toHaveLength(rows);
  expect(new Set(cells.map((c) => c.row_index)).size).toBe(rows);
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-batch-'));
  server = await startFakeServer();
}, 60_000);

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.setOptions({ batch: {} });
  server.reset();
});

describe('refinery run --batch', () => {
  it('with a 1,000-line batch limit, 2,500 cells become 3 batches; every result lands in its cell once, at the batch price', async () => {
    server.setOptions({ batch: { maxLines: 1000, linesPerPoll: 400 } });
    writeConfig({ providers: { groq: { maxLines: 1000 } } });
    const prompt = writeRun('big', 2500);
    const result = await runCli(['run', prompt, '--batch'], { cwd: dir, env: env() });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/submitted 2500 cells in 3 batches \(results within 24h\)/);
    expect(result.stdout).toMatch(/batch 2\/3 · \d+ %/);
    expect(server.batchStats).toMatchObject({ filesUploaded: 3, batchesCreated: 3, linesReceived: 2500, largestBatch: 1000 });
    expect(server.stats.totalRequests).toBe(0); // no live chat call

    const runId = runIdFrom(result.stdout);
    const batches = await storedBatches(runId);
    expect(batches.map((b) => [b.lineCount, b.state, b.foldedAt !== null])).toEqual([
      [1000, 'completed', true],
      [1000, 'completed', true],
      [500, 'completed', true],
    ]);
    expect(batches.every((b) => b.batchId?.startsWith('batch_') && b.outputFileId !== null)).toBe(true);

    const cells = await exportedCells(runId);
    expectEveryRowOnce(cells, 2500);
    expect(cells.every((c) => c.status === 'completed')).toBe(true);
    expect(cells.find((c) => c.row_index === 1234)?.output).toBe('echo: ticket number 1234');
    for (const cell of cells.slice(0, 50)) {
      const live = ((cell.tokens_in ?? 0) * PRICE.inputPerMillion + (cell.tokens_out ?? 0) * PRICE.outputPerMillion) / 1e6;
      expect(cell.cost_usd).toBeCloseTo(live * 0.5, 12);
    }
    // the export says at which price: every cell came back from a batch, at groq's 50 %
    expect(cells.every((c) => c.batch && c.batch_discount === 0.5)).toBe(true);

    // Watching a finished run again folds nothing twice.
    const again = await runCli(['runs', 'watch', runId], { cwd: dir, env: env() });
    expect(again.code, again.stderr).toBe(0);
    expectEveryRowOnce(await exportedCells(runId), 2500);
  }, 180_000);

  it('a batch expiring with 30 % done keeps those cells and leaves 70 % failed, re-run live by --resume: nothing lost', async () => {
    server.setOptions({ batch: { linesPerPoll: 10, expireAtFraction: 0.3 } });
    writeConfig({});
    const prompt = writeRun('expiring', 100);
    const result = await runCli(['run', prompt, '--batch'], { cwd: dir, env: env() });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/70 failed or expired/);
    expect(result.stdout).toMatch(/refinery run --resume/);
    const runId = runIdFrom(result.stdout);
    const cells = await exportedCells(runId);
    expectEveryRowOnce(cells, 100);
    expect(cells.filter((c) => c.status === 'completed')).toHaveLength(30);
    expect(cells.filter((c) => c.status === 'failed' && c.error?.startsWith('batch expired'))).toHaveLength(70);

    const resumed = await runCli(['run', '--resume', runId], { cwd: dir, env: env() });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(server.stats.totalRequests).toBe(70); // only the expired cells, live
    const after = await exportedCells(runId);
    expectEveryRowOnce(after, 100);
    expect(after.every((c) => c.status === 'completed')).toBe(true);
    // the 30 answers from the batch are at its discount; the 70 re-run live at the live price
    expect(after.every((c) => c.batch)).toBe(true);
    expect(after.filter((c) => c.batch_discount === 0.5)).toHaveLength(30);
    expect(after.filter((c) => c.batch_discount === null)).toHaveLength(70);
  }, 120_000);

  it('killed mid-poll (SIGKILL), `runs resume` picks the batch up from the stored ids and finishes the run', async () => {
    server.setOptions({ batch: { linesPerPoll: 20 } });
    writeConfig({ pollIntervalMs: 30, maxPollIntervalMs: 30 });
    const prompt = writeRun('killed', 400);
    const cli = await startBatchRunUntilProgress(prompt);
    cli.child.kill('SIGKILL');
    await cli.exit;
    const runId = runIdFrom(cli.output().stdout);
    const [batch] = await storedBatches(runId);
    expect(batch?.batchId).toMatch(/^batch_/);
    expect(batch?.foldedAt).toBeNull();
    expect(server.batchStats.batchesCreated).toBe(1);

    const resumed = await runCli(['runs', 'resume', runId], { cwd: dir, env: env() });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(server.batchStats.batchesCreated).toBe(1); // tracked, not submitted again
    const cells = await exportedCells(runId);
    expectEveryRowOnce(cells, 400);
    expect(cells.every((c) => c.status === 'completed')).toBe(true);
    const show = await runCli(['runs', 'show', runId], { cwd: dir, env: env() });
    expect(show.stdout).toMatch(/\(completed\)/);
  }, 120_000);

  it('Ctrl-C stops watching only; `runs cancel` cancels at the provider and keeps what finished', async () => {
    server.setOptions({ batch: { linesPerPoll: 5 } });
    writeConfig({ pollIntervalMs: 30, maxPollIntervalMs: 30 });
    const prompt = writeRun('cancelled', 200);
    const cli = await startBatchRunUntilProgress(prompt);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(130);
    expect(cli.output().stderr).toMatch(/keep running at the provider.*refinery runs watch/s);
    expect(server.batchStats.cancelRequests).toBe(0);
    const runId = runIdFrom(cli.output().stdout);

    const cancelled = await runCli(['runs', 'cancel', runId], { cwd: dir, env: env() });
    expect(cancelled.stdout + cancelled.stderr).toMatch(/asked the provider to cancel 1 batch/);
    expect(cancelled.code).toBe(130);
    expect(server.batchStats.cancelRequests).toBe(1);
    const [batch] = await storedBatches(runId);
    expect(batch?.state).toBe('cancelled');
    const cells = await exportedCells(runId);
    expectEveryRowOnce(cells, 200);
    const done = cells.filter((c) => c.status === 'completed').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(200);
    expect(cells.filter((c) => c.status === 'failed').every((c) => c.error?.startsWith('batch cancelled'))).toBe(true);
    const show = await runCli(['runs', 'show', runId], { cwd: dir, env: env() });
    expect(show.stdout).toMatch(/\(cancelled\)/);
  }, 120_000);

  it('grades the folded outputs with the live judge, and the run\'s batches show in `runs show`', async () => {
    server.setOptions({
      batch: { linesPerPoll: 50 },
      respond: (body) => {
        const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
        if (!system.includes('You grade')) return `answer to ${body.messages.at(-1)?.content ?? ''}`;
        const pass = !(body.messages.at(-1)?.content ?? '').includes('ticket number 3 ');
        return `{"score": ${pass ? 1 : 0}, "pass": ${pass}, "reason": "${pass ? 'fine' : 'wrong'}"}`;
      },
    });
    try {
      writeConfig({});
      writeFileSync(path.join(dir, 'judge.prompt'), '---\nmodel: groq/openai/gpt-oss-120b\nrefinery.kind: grader\n---\n{{role "system"}}You grade answers.\n{{role "user"}}{{ticket}} → {{output}}\n');
      const prompt = writeRun('graded', 40);
      const result = await runCli(['run', prompt, '--batch', '--grader', 'judge.prompt'], { cwd: dir, env: env() });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(server.stats.totalRequests).toBe(40); // the judge's calls, live; the outputs came from the batch
      const runId = runIdFrom(result.stdout);
      const cells = (await exportedCells(runId)) as Array<ExportedCell & { grade_pass: boolean | null }>;
      expectEveryRowOnce(cells, 40);
      expect(cells.filter((c) => c.grade_pass === false).map((c) => c.row_index)).toEqual([3]);
      expect(cells.filter((c) => c.grade_pass === true)).toHaveLength(39);
      const show = await runCli(['runs', 'show', runId], { cwd: dir, env: env() });
      expect(show.stdout).toMatch(/batch 1 \(groq\/openai\/gpt-oss-20b\): completed, 40 lines, folded, at −50 % · batch_fake\d+/);
    } finally {
      server.setOptions({ respond: undefined });
    }
  }, 120_000);

  it('runs on Cerebras\' preview when the settings turn it on, results read from /v1/batches/{id}/results', async () => {
    server.setOptions({ batch: { linesPerPoll: 15, failContaining: 'number 7' } });
    writeConfig({ providers: { cerebras: { enabled: true, discount: 0.5 } } });
    const prompt = writeRun('cerebras', 30, 'cerebras/gpt-oss-120b');
    const result = await runCli(['run', prompt, '--batch'], { cwd: dir, env: env() });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const cells = await exportedCells(runIdFrom(result.stdout));
    expectEveryRowOnce(cells, 30);
    expect(cells.filter((c) => c.status === 'failed').map((c) => c.row_index).sort((a, b) => a - b)).toEqual([7]);
  }, 120_000);

  it('--estimate shows the live and the batch price and the window; a provider without a Batch API is refused before anything is sent', async () => {
    writeConfig({}, { endpoints: [{ id: 'ollama', baseUrl: `${server.url}/v1` }] });
    const prompt = writeRun('estimate', 10);
    const estimate = await runCli(['run', prompt, '--batch', '--estimate'], { cwd: dir, env: env() });
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(estimate.stdout).toMatch(/groq\/openai\/gpt-oss-20b: \$[\d.]+ live → \$[\d.]+ as a batch \(−50 %, groq's batch price as of 2026-12-07\); results within 24h/);
    const [, live, batch] = /total: at most about \$([\d.]+) live, \$([\d.]+) as a batch/.exec(estimate.stdout) ?? [];
    expect(Number(batch)).toBeCloseTo(Number(live) / 2, 3); // as printed, to 4 decimals

    for (const model of ['ollama/llama3.2', 'sim/echo', 'cerebras/gpt-oss-120b']) {
      const refused = await runCli(['run', prompt, '--batch', '--model', model], { cwd: dir, env: env() });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/Batch API|private preview/);
    }
    expect(server.batchStats.filesUploaded).toBe(0);
    expect(server.stats.totalRequests).toBe(0);
  }, 120_000);
});
