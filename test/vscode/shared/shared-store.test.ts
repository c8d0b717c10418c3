import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { activeApi, runAgainstDataset, waitFor } from '../suite/harness';

// Runs in two VS Code windows at once (two extension hosts) while the launcher runs the CLI, all
// on one store folder (REFINERY_HOME). Each writes a run and leaves its id in the exchange folder;
// each window then finds the others' runs in its own store.
const written = z.object({ runId: z.string(), pid: z.number() });

function exchangeDir(): string {
  const dir = process.env.REFINERY_SHARED_EXCHANGE;
  assert.ok(dir, 'REFINERY_SHARED_EXCHANGE is not set (the launcher sets it)');
  return dir;
}

function writers(): Map<string, z.infer<typeof written>> {
  const dir = exchangeDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return new Map(files.map((f) => [f.slice(0, -'.json'.length), written.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')))]));
}

suite('One local store for two windows and the CLI at once', () => {
  test('this window writes a run and sees the other window’s and the CLI’s, with no store.locked', async () => {
    const me = process.env.REFINERY_WINDOW;
    assert.ok(me, 'REFINERY_WINDOW is not set (the launcher sets it)');
    const api = await activeApi();
    const runId = await runAgainstDataset('prompts/triage.prompt', { dataset: 'data/tickets.csv', models: ['sim/echo', 'fake/triage-small'] });
    await api.whenIdle();
    writeFileSync(join(exchangeDir(), `${me}.json`), JSON.stringify({ runId, pid: process.pid }));

    const all = await waitFor('the run of the other window and of the CLI', () => {
      const found = writers();
      return found.size >= 3 ? found : undefined;
    }, 240_000);
    const pids = new Set([...all.entries()].filter(([name]) => name !== 'cli').map(([, w]) => w.pid));
    assert.equal(pids.size, 2, 'the two windows ran in one extension host process');

    const store = await api.getStore();
    const listed = new Map((await store.listRuns()).map((run) => [run.id, run]));
    for (const [name, other] of all) {
      const run = listed.get(other.runId);
      assert.ok(run, `window ${me} does not list the run of ${name} (${other.runId})`);
      assert.equal(run.status, 'completed', `the run of ${name}`);
      assert.ok(run.cellCount > 0, `the run of ${name} has no cells`);
    }
  });
});
