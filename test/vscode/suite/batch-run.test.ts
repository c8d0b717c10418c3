import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { z } from 'zod';
import { isBatchStore } from '../../../src/core/ports/batch-store';
import { activeApi, csvRowCount, fakeServer, waitFor, workspaceFile } from './harness';

const DATASET = 'data/many-tickets.csv';
const batchStatsSchema = z.object({ filesUploaded: z.number(), batchesCreated: z.number(), linesReceived: z.number() });

async function batchStats() {
  return batchStatsSchema.parse(await fakeServer.control('GET', 'batches'));
}

suite('Run as Batch: submitted, tracked across a window reload, completed in the store and the grid', () => {
  const config = () => vscode.workspace.getConfiguration('refinery');

  suiteSetup(async () => {
    await activeApi();
    await fakeServer.reset();
    // a few lines per poll: the batch is surely still running when the window "reloads"
    await fakeServer.control('POST', 'options', { batch: { linesPerPoll: 5 } });
    await config().update('batch.pollIntervalMs', 100, vscode.ConfigurationTarget.Workspace);
    await config().update('batch.maxPollIntervalMs', 200, vscode.ConfigurationTarget.Workspace);
  });

  const created: string[] = [];

  suiteTeardown(async () => {
    // later suites read "the last run of triage.prompt": this batch run is not theirs
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const store = await (await activeApi()).getStore();
    for (const id of created) await store.deleteRun(id);
    await fakeServer.control('POST', 'options', { batch: {} });
    await config().update('batch.pollIntervalMs', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('batch.maxPollIntervalMs', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a model whose provider has no Batch API is refused before anything is stored or sent', async () => {
    const api = await activeApi();
    const store = await api.getStore();
    const before = (await store.listRuns({ limit: 500 })).length;
    const uploaded = (await batchStats()).filesUploaded;
    const result = await vscode.commands.executeCommand<unknown>('refinery.runPromptAsBatch', workspaceFile('prompts/triage.prompt'), {
      dataset: DATASET,
      models: ['fake/triage-small', 'sim/echo'],
      openResults: false,
      confirmCost: false,
    });
    assert.equal(result, undefined);
    assert.equal((await store.listRuns({ limit: 500 })).length, before, 'a run was stored');
    assert.equal((await batchStats()).filesUploaded, uploaded, 'a batch file was uploaded');
  });

  test('the run outlives the tracking that started it: resumed from the stored ids, every cell lands once', async () => {
    const api = await activeApi();
    const rows = csvRowCount(DATASET);
    const runId = await vscode.commands.executeCommand<unknown>('refinery.runPromptAsBatch', workspaceFile('prompts/triage.prompt'), {
      dataset: DATASET,
      models: ['fake/triage-small'],
      openResults: true,
      confirmCost: false,
    });
    assert.equal(typeof runId, 'string', `refinery.runPromptAsBatch resolved with ${JSON.stringify(runId)} (see "Refinery: Show Log")`);
    const id = runId as string;
    created.push(id);
    assert.deepEqual(api.batchTracking.trackedRunIds(), [id]);

    // the window goes away (deactivation stops tracking; the batch goes on at the provider)
    await api.batchTracking.stop();
    assert.deepEqual(api.batchTracking.trackedRunIds(), []);
    const store = await api.getStore();
    assert.ok(isBatchStore(store));
    const [batch] = await store.listRunBatches(id);
    assert.ok(batch?.batchId, 'the batch id is kept in the store');
    assert.equal(batch.foldedAt, null, 'the batch finished before the reload: nothing was resumed');
    assert.equal(batch.lineCount, rows);
    assert.equal((await store.getRun(id))?.status, 'running');
    // the run keeps what it was submitted as, for any window or machine that folds it later
    const { batch: isBatch, batchDiscounts } = (await store.getRun(id))?.config ?? {};
    assert.equal(isBatch, true);
    assert.deepEqual(batchDiscounts, { 'fake/triage-small': 0 }, 'an endpoint declaring batch: true has no discount unless the settings give one');

    // the window comes back: activation tracks every stored run with unfolded batches again
    const resumed = await api.batchTracking.resume();
    assert.ok(resumed.includes(id), `run ${id} was not resumed (resumed: ${resumed.join(', ')})`);
    await waitFor('the batch run to complete', async () => ((await store.getRun(id))?.status === 'completed' ? true : undefined), 60_000);

    const cells = await store.listCells(id);
    assert.equal(cells.length, rows);
    assert.equal(new Set(cells.map((c) => c.datasetRowId)).size, rows, 'a row has two cells');
    assert.ok(cells.every((c) => c.status === 'completed' && c.outputText?.startsWith('echo: ')), 'a cell did not complete with the answer');
    const stats = await batchStats();
    assert.equal(stats.batchesCreated, 1, 'the resumed tracking submitted the cells again');
    assert.equal(stats.linesReceived, rows);
    assert.ok((await store.listRunBatches(id)).every((b) => b.foldedAt !== null));
    // the results panel's grid model holds every cell, read again from the store after the fold
    await waitFor('the grid to hold every cell', () => (api.resultsCellCount(id) === rows ? true : undefined), 30_000);
  });
});
