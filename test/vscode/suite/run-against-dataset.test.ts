import * as assert from 'node:assert/strict';
import { activeApi, csvRowCount, fakeServer, runAgainstDataset } from './harness';

const MODELS = ['fake/triage-small', 'sim/echo'];
const DATASET = 'data/tickets.csv';

suite('Run Against Dataset, end to end against the fake provider server', () => {
  suiteSetup(async () => {
    await activeApi();
    await fakeServer.setLatency(0);
    await fakeServer.reset();
  });

  test('every row × model cell lands in the store with the provider outputs', async () => {
    const api = await activeApi();
    const runId = await runAgainstDataset('prompts/triage.prompt', { dataset: DATASET, models: MODELS });
    await api.whenIdle();

    const store = await api.getStore();
    const run = await store.getRun(runId);
    assert.ok(run, `run ${runId} is not in the store`);
    assert.equal(run.status, 'completed');
    assert.deepEqual(run.models.map((m) => `${m.provider}/${m.model}`).sort(), [...MODELS].sort());

    const rows = csvRowCount(DATASET);
    const cells = await store.listCells(runId);
    assert.equal(cells.length, rows * MODELS.length);
    assert.deepEqual(cells.filter((c) => c.status !== 'completed').map((c) => c.errorText), []);

    const fakeModel = run.models.find((m) => m.provider === 'fake');
    assert.ok(fakeModel);
    const fakeOutputs = cells.filter((c) => c.runModelId === fakeModel.id).map((c) => c.outputText).sort();
    assert.deepEqual(fakeOutputs, [
      'echo: How do I change my email address?',
      'echo: I was charged twice this month',
      'echo: The app crashes when I open settings',
      'echo: The export button does nothing',
    ]);
    for (const cell of cells) {
      assert.ok((cell.latencyMs ?? -1) >= 0, 'latency recorded');
      assert.ok((cell.tokensIn ?? 0) > 0 && (cell.tokensOut ?? 0) > 0, 'tokens recorded');
    }

    // The fake model's cells came from the HTTP server, one request per row; sim/echo never calls it.
    const stats = await fakeServer.stats();
    assert.equal(stats.totalRequests, rows);
    assert.equal(stats.byStatus['200'], rows);
  });
});
