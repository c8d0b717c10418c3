import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, fakeServer, runAgainstDataset } from './harness';

const PROMPT = 'prompts/graded.prompt'; // its grader passes the bug rows only (2 of 4)
const OPTIONS = { dataset: 'data/tickets.csv', models: ['fake/triage-small'] };

suite('Re-run failed cells and compare with a baseline, from the commands', () => {
  suiteSetup(async () => {
    await activeApi();
    await fakeServer.setLatency(0);
  });

  test('refinery.rerunFailed runs again only the cells that failed their grade, in the same run', async () => {
    const api = await activeApi();
    const runId = await runAgainstDataset(PROMPT, OPTIONS);
    await api.whenIdle();
    const store = await api.getStore();
    const before = await store.listCells(runId);
    assert.deepEqual(before.map((c) => c.gradePass).sort(), [false, false, true, true]);
    // each cell: the grader and the assertion, each its own verdict
    for (const cell of before) assert.deepEqual(cell.grades.map((g) => g.grader).sort(), ['assert:contains', 'graders/is-bug.prompt']);

    await fakeServer.reset();
    const rerun = await vscode.commands.executeCommand<unknown>('refinery.rerunFailed', runId);
    assert.equal(rerun, runId);
    await api.whenIdle();
    // 2 failed cells × (the model call + the grader call); the passing cells were not called again
    const stats = await fakeServer.stats();
    assert.equal(stats.totalRequests, 4);
    const after = await store.listCells(runId);
    assert.equal(after.length, 4);
    assert.equal((await store.getRun(runId))?.status, 'completed');
  });

  test('refinery.compareWithBaseline opens the run compared with the given baseline', async () => {
    const api = await activeApi();
    const baseline = await runAgainstDataset(PROMPT, OPTIONS);
    const current = await runAgainstDataset(PROMPT, OPTIONS);
    await api.whenIdle();
    const answer = await vscode.commands.executeCommand<unknown>('refinery.compareWithBaseline', current, baseline);
    assert.equal(answer, baseline);
    // a run is never its own baseline: the command reports it and resolves with nothing
    assert.equal(await vscode.commands.executeCommand<unknown>('refinery.compareWithBaseline', current, current), undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
