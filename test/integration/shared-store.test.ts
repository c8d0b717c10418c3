import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalStore, stopLocalStoreHost, type LocalStore } from '../../src/store/local';
import { isAlive } from '../../src/store/lock';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import { ensureBuilt, startCli, type CliProcess } from '../support/cli-process';

// Three real CLI processes run at once on one store folder, through the one store host they
// start between them: every cell lands once, and a host killed with SIGKILL mid-run is replaced
// by one of them while the runs go on.
const ROWS = 5_000;
let dir: string;
let storeDir: string;
let server: FakeServer;
let dataset: string;
let prompt: string;

function env(): Record<string, string> {
  return { GROQ_API_KEY: 'test-key', GROQ_BASE_URL: server.url, REFINERY_HOME: storeDir };
}

function startRun(): CliProcess {
  return startCli(['run', prompt, '--dataset', dataset, '--concurrency', '64'], { cwd: dir, env: env() });
}

async function finished(cli: CliProcess): Promise<string> {
  const code = await cli.exit;
  const { stdout, stderr } = cli.output();
  expect(code, stdout + stderr).toBe(0);
  expect(stderr).not.toContain('store.locked');
  const runId = /run ([0-9a-f-]{36})/.exec(stdout)?.[1];
  if (!runId) throw new Error(`no run id in:\n${stdout}`);
  return runId;
}

function hostPid(): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(storeDir, 'store-host.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every cell of the run, checked to be one per (model, dataset row). */
async function cellsOf(store: LocalStore, runId: string): Promise<Set<string>> {
  const cells = await store.listCellMetrics(runId);
  const keys = new Set(cells.map((cell) => `${cell.runModelId}/${cell.datasetRowId ?? '-'}`));
  expect(keys.size, 'a (model, row) pair stored twice').toBe(cells.length);
  return new Set(cells.map((cell) => cell.id));
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-shared-'));
  storeDir = path.join(dir, 'store');
  server = await startFakeServer({ latencyMs: 5 });
  dataset = path.join(dir, 'tickets.csv');
  writeFileSync(dataset, ['ticket', ...Array.from({ length: ROWS }, (_, i) => `ticket ${i}`)].join('\n') + '\n');
  prompt = path.join(dir, 'label.prompt');
  writeFileSync(prompt, '---\nmodel: groq/llama-3.1-8b-instant\n---\n{{role "user"}}{{ticket}}\n');
}, 60_000);

afterAll(async () => {
  await stopLocalStoreHost(storeDir);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one store, three CLI processes at once', () => {
  it('stores exactly 3 × 5,000 cells, none twice, with no store.locked', async () => {
    const runs = await Promise.all([startRun(), startRun(), startRun()].map(finished));
    const store = await openLocalStore({ dataDir: storeDir });
    try {
      let total = 0;
      for (const runId of runs) {
        const cells = await cellsOf(store, runId);
        expect(cells.size).toBe(ROWS);
        total += cells.size;
      }
      expect(total).toBe(3 * ROWS);
      const listed = await store.listRuns();
      for (const runId of runs) expect(listed.find((run) => run.id === runId)).toMatchObject({ status: 'completed', cellCount: ROWS });
    } finally {
      await store.close();
    }
  }, 600_000);

  it('a host killed with SIGKILL mid-run is replaced, loses no committed cell, and every run finishes', async () => {
    const before = await openLocalStore({ dataDir: storeDir });
    const known = new Set((await before.listRuns()).map((run) => run.id));
    const clis = [startRun(), startRun(), startRun()];
    // Wait until all three runs have committed cells, then note every committed cell.
    const committed = await until('cells from all three runs', async () => {
      const runs = (await before.listRuns()).filter((run) => !known.has(run.id));
      return runs.length === 3 && runs.every((run) => run.cellCount > 0) ? runs : undefined;
    });
    const victim = hostPid();
    if (victim === undefined) throw new Error('no store host');
    const committedCells = new Map<string, Set<string>>();
    for (const run of committed) committedCells.set(run.id, await cellsOf(before, run.id));
    await before.close();

    process.kill(victim, 'SIGKILL');
    const killedAt = performance.now();
    await until('the host to die', () => (isAlive(victim) ? undefined : true));
    const successor = await until('a new host', () => {
      const pid = hostPid();
      return pid !== undefined && pid !== victim && isAlive(pid) ? pid : undefined;
    });
    console.info(`shared store: host ${victim} killed, ${successor} serving ${((performance.now() - killedAt) / 1000).toFixed(2)} s later`);

    const runs = await Promise.all(clis.map(finished));
    const after = await openLocalStore({ dataDir: storeDir });
    try {
      for (const [runId, cells] of committedCells) {
        expect(runs).toContain(runId);
        const now = await cellsOf(after, runId);
        expect(now.size).toBe(ROWS);
        const lost = [...cells].filter((id) => !now.has(id));
        expect(lost, 'committed cells lost').toEqual([]);
      }
      const listed = await after.listRuns();
      for (const runId of runs) expect(listed.find((run) => run.id === runId)).toMatchObject({ status: 'completed', cellCount: ROWS });
    } finally {
      await after.close();
    }
  }, 600_000);
});
