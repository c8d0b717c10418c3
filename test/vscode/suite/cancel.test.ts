import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, csvRowCount, fakeServer, StopWaiting, waitFor, workspaceFile } from './harness';

const DATASET = 'data/many-tickets.csv';

suite('cancelling a run keeps every completed cell', () => {
  suiteSetup(async () => {
    await activeApi();
    await fakeServer.reset();
    // slow answers (concurrency 2 in the fixture settings): the run is surely mid-way when cancelled
    await fakeServer.setLatency(250);
  });

  suiteTeardown(async () => {
    await fakeServer.setLatency(0);
  });

  test('status cancelled, the completed cells saved, fewer than the total, and the server agrees', async () => {
    const api = await activeApi();
    let failed: string | undefined;
    const running = Promise.resolve(
      vscode.commands.executeCommand<unknown>('refinery.runAgainstDataset', workspaceFile('prompts/triage.prompt'), {
        dataset: DATASET,
        models: ['fake/triage-small'],
        openResults: false,
      }),
    ).catch((error: unknown) => {
      failed = error instanceof Error ? error.message : String(error);
      return undefined;
    });
    const runId = await waitFor('the run to start', () => {
      if (failed) throw new StopWaiting(`refinery.runAgainstDataset failed: ${failed}`);
      return api.activeRunIds()[0];
    });
    await waitFor('a few answers from the slow server', async () => ((await fakeServer.stats()).byStatus['200'] ?? 0) >= 4 || undefined, 30_000);

    await vscode.commands.executeCommand('refinery.cancelRun', runId);
    const resolved = await running;
    assert.equal(resolved, runId);
    await api.whenIdle();

    const store = await api.getStore();
    const run = await store.getRun(runId);
    assert.equal(run?.status, 'cancelled');
    const cells = await store.listCells(runId);
    const total = csvRowCount(DATASET);
    assert.ok(cells.length >= 4, `only ${cells.length} cells saved, at least 4 answers had arrived`);
    assert.ok(cells.length < total, `${cells.length} of ${total} cells: the run was not cut short`);
    assert.ok(cells.every((c) => c.status === 'completed' && c.outputText?.startsWith('echo: ')));

    // The server's request log agrees: every saved cell is an answer it sent, and the answers not
    // saved are at most the requests that were in flight when cancel aborted them (concurrency 2).
    await new Promise((resolve) => setTimeout(resolve, 500)); // let aborted requests settle on the server
    const stats = await fakeServer.stats();
    assert.equal(stats.inFlight, 0, 'requests still in flight after cancel');
    const answered = new Set(Object.entries(stats.perKey).filter(([, k]) => k.ok > 0).map(([key]) => `echo: ${key}`));
    const saved = cells.map((c) => c.outputText ?? '');
    assert.deepEqual(saved.filter((output) => !answered.has(output)), [], 'saved cells the server never answered');
    assert.ok(answered.size - saved.length <= 2, `${answered.size} answers sent, only ${saved.length} saved`);
  });
});
