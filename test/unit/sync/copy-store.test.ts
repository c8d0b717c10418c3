import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyStore, IMPORTED_FROM_KEY } from '../../../src/core/sync';
import { openLocalStore, stopLocalStoreHost, type LocalStore } from '../../../src/store/local';
import { batchesOf, cellInput } from '../store/cells';

// Two real local stores: the second is a copy of the first's fresh data directory, which
// reopens in under a second instead of running initdb twice.
let root: string;
let from: LocalStore;
let to: LocalStore;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-copy-'));
  const first = await openLocalStore({ dataDir: path.join(root, 'from') });
  await first.close();
  // its host closes the database before its data directory is copied
  await stopLocalStoreHost(path.join(root, 'from'));
  fs.cpSync(path.join(root, 'from', 'pgdata'), path.join(root, 'to', 'pgdata'), { recursive: true });
  from = await openLocalStore({ dataDir: path.join(root, 'from') });
  to = await openLocalStore({ dataDir: path.join(root, 'to') });
});

afterAll(async () => {
  await from?.close();
  await to?.close();
  await stopLocalStoreHost(path.join(root, 'from'));
  await stopLocalStoreHost(path.join(root, 'to'));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('copyStore (local → another store, as on switching to Supabase)', () => {
  it('copies prompts, datasets with their rows, runs with cells and manual grades; a second copy adds nothing', async () => {
    const prompt = await from.upsertPrompt({ name: 'triage', type: 'prompt', body: 'Triage {{ticket}}', path: 'prompts/triage.prompt', contentHash: 'h1' });
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ ticket: `ticket ${i}`, expected: i % 2 ? 'billing' : 'bug' }));
    const dataset = await from.createDataset({ name: 'tickets.csv', filePath: 'data/tickets.csv', columns: ['ticket', 'expected'] }, batchesOf([rows]));
    const datasetRows = await from.getDatasetRows(dataset.id, { limit: 3 });
    const run = await from.createRun({
      promptId: prompt.id,
      datasetId: dataset.id,
      promptText: 'Triage {{ticket}}',
      graderTexts: {},
      config: { concurrency: 2 },
      models: [
        { provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: 'Llama', params: {} },
        { provider: 'cerebras', model: 'gpt-oss-120b', displayLabel: 'GPT-OSS', params: { temperature: 0 } },
      ],
    });
    const [m1, m2] = run.models;
    await from.saveCells(datasetRows.map((row) => cellInput(m1?.id ?? '', row.id, { outputText: `out ${row.rowIndex}` })));
    await from.saveCells([cellInput(m2?.id ?? '', datasetRows[0]?.id ?? null, { status: 'failed', outputText: null, errorText: '429' })]);
    const graded = (await from.listCells(run.id)).find((cell) => cell.outputText === 'out 1');
    await from.setManualGrade(graded?.id ?? '', { score: 0, pass: false, note: 'wrong label' });
    await from.setRunStatus(run.id, 'completed');

    const first = await copyStore(from, to);
    expect(first).toEqual({ prompts: 1, datasetsCopied: 1, datasetsFound: 0, runsCopied: 1, runsFound: 0, cells: 4 });

    const [copiedPrompt] = await to.listPrompts();
    expect(copiedPrompt).toMatchObject({ path: 'prompts/triage.prompt', body: 'Triage {{ticket}}', type: 'prompt' });
    const [copiedDataset] = await to.listDatasets();
    expect(copiedDataset).toMatchObject({ name: 'tickets.csv', rowCount: 2_500, columns: ['ticket', 'expected'] });
    const lastRow = await to.getDatasetRows(copiedDataset?.id ?? '', { offset: 2_499 });
    expect(lastRow.map((row) => row.data)).toEqual([{ ticket: 'ticket 2499', expected: 'billing' }]);

    const [copiedRun] = await to.listRuns();
    expect(copiedRun).toMatchObject({ promptId: copiedPrompt?.id, datasetId: copiedDataset?.id, status: 'completed', cellCount: 4, failedCount: 1 });
    expect(copiedRun?.config).toEqual({ concurrency: 2, [IMPORTED_FROM_KEY]: run.id });
    expect(copiedRun?.models.map((m) => m.displayLabel)).toEqual(['Llama', 'GPT-OSS']);
    const copiedCells = await to.listCells(copiedRun?.id ?? '');
    expect(copiedCells.map((cell) => [cell.outputText, cell.errorText, cell.manualPass, cell.manualNote])).toEqual([
      ['out 0', null, null, null],
      ['out 1', null, false, 'wrong label'],
      ['out 2', null, null, null],
      [null, '429', null, null],
    ]);

    const second = await copyStore(from, to);
    expect(second).toEqual({ prompts: 1, datasetsCopied: 0, datasetsFound: 1, runsCopied: 0, runsFound: 1, cells: 4 });
    expect(await to.listPrompts()).toHaveLength(1);
    expect(await to.listDatasets()).toHaveLength(1);
    expect(await to.listRuns()).toHaveLength(1);
    expect(await to.listCells(copiedRun?.id ?? '')).toHaveLength(4);
  });
});
