import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, storeDatasetFile, storedDatasetSource } from '../../../src/core/dataset';
import { isUserError } from '../../../src/core/errors';
import { createRunFromPrepared, prepareRun } from '../../../src/core/run';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import { cellInput } from './cells';

const repoMigrations = path.resolve(__dirname, '../../../supabase/migrations');
const repoShim = path.resolve(__dirname, '../../../supabase/local/00_supabase_shim.sql');

let root: string;
let store: LocalStore;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-dataset-versions-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), migrationsDir: repoMigrations, shimFile: repoShim, seed: false });
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function writeCsv(relative: string, rows: string[]): string {
  const file = path.join(root, 'ws', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, ['ticket,expected', ...rows].join('\n') + '\n');
  return file;
}

async function importFile(file: string) {
  return storeDatasetFile(store, await openDataset(file), { sourcePath: path.relative(path.join(root, 'ws'), file) });
}

describe('datasets by content hash and version', () => {
  it('importing the same file twice keeps one dataset', async () => {
    const file = writeCsv('data/same.csv', ['refund please,billing', 'app crashes,bug']);
    const before = (await store.listDatasets()).length;
    const first = await importFile(file);
    const second = await importFile(file);
    expect(first.reused).toBe(false);
    expect(second).toEqual({ dataset: first.dataset, reused: true });
    expect(await store.listDatasets()).toHaveLength(before + 1);
    expect(first.dataset).toMatchObject({ rowCount: 2, sourcePath: 'data/same.csv', version: 1, previousVersionId: null, sizeBytes: fs.statSync(file).size });
    expect(first.dataset.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the same bytes under another name reuse the stored dataset too', async () => {
    const a = await importFile(writeCsv('data/copy-a.csv', ['x,y']));
    const b = await importFile(writeCsv('elsewhere/copy-b.csv', ['x,y']));
    expect(b.reused).toBe(true);
    expect(b.dataset.id).toBe(a.dataset.id);
  });

  it('a changed file becomes the next version, recording its predecessor', async () => {
    const file = writeCsv('data/tickets.csv', ['refund please,billing']);
    const v1 = await importFile(file);
    writeCsv('data/tickets.csv', ['refund please,billing', 'login fails,bug']);
    const v2 = await importFile(file);
    expect(v2.reused).toBe(false);
    expect(v2.dataset).toMatchObject({ version: 2, previousVersionId: v1.dataset.id, rowCount: 2, name: 'tickets.csv' });
    const listed = (await store.listDatasets()).filter((d) => d.sourcePath === 'data/tickets.csv');
    expect(listed.map((d) => d.version).sort()).toEqual([1, 2]);
  });
});

describe('runs on stored datasets', () => {
  it('a run on a stored dataset points at it and imports nothing', async () => {
    const file = writeCsv('data/run.csv', ['one,a', 'two,b', 'three,c']);
    const { dataset } = await importFile(file);
    fs.rmSync(file); // the rows come from the store, not from the file
    const promptFile = path.join(root, 'ws', 'p.prompt');
    fs.writeFileSync(promptFile, '---\nmodel: sim/echo\n---\n{{ticket}}\n');
    const count = (await store.listDatasets()).length;
    const prepared = await prepareRun({ promptPath: promptFile, datasetSource: storedDatasetSource(store, dataset), cwd: path.join(root, 'ws') });
    const plan = await createRunFromPrepared(store, prepared, { workspaceRoot: path.join(root, 'ws') });
    expect(plan.run.datasetId).toBe(dataset.id);
    expect(plan.run.config.datasetPath).toBe('data/run.csv');
    expect(await store.listDatasets()).toHaveLength(count);
    expect((await store.countDatasetRuns()).get(dataset.id)).toBe(1);
  });

  it('a prompt whose placeholders the stored dataset lacks is refused before anything is stored', async () => {
    const { dataset } = await importFile(writeCsv('data/cols.csv', ['q,a']));
    const promptFile = path.join(root, 'ws', 'needs-locale.prompt');
    fs.writeFileSync(promptFile, '---\nmodel: sim/echo\n---\n{{locale}}\n');
    await expect(prepareRun({ promptPath: promptFile, datasetSource: storedDatasetSource(store, dataset), cwd: root })).rejects.toThrow(/locale/);
  });
});

describe('deleting datasets', () => {
  it('without runs: the dataset and its rows are gone', async () => {
    const { dataset } = await importFile(writeCsv('data/gone.csv', ['a,b', 'c,d']));
    const deletion = await store.deleteDataset(dataset.id);
    expect(deletion).toEqual({ runCount: 0, rowsDeleted: 2, rowsKept: 0, removed: true, removedObject: null });
    expect(await store.getDataset(dataset.id)).toBeNull();
    expect(await store.getDatasetRows(dataset.id)).toEqual([]);
    // importing it again stores it anew (the hash no longer matches a ready dataset)
    expect((await importFile(writeCsv('data/gone.csv', ['a,b', 'c,d']))).reused).toBe(false);
  });

  it('with a run: only the rows its cells ran on stay, hidden with the dataset; the cells stay readable', async () => {
    const { dataset } = await importFile(writeCsv('data/used.csv', ['a,1', 'b,2', 'c,3']));
    const rows = await store.getDatasetRows(dataset.id);
    const run = await store.createRun({
      promptId: null,
      datasetId: dataset.id,
      promptText: '{{ticket}}',
      graderTexts: {},
      config: {},
      models: [{ provider: 'sim', model: 'echo', displayLabel: 'sim/echo', params: {} }],
    });
    const model = run.models[0];
    if (!model || !rows[1]) throw new Error('fixture');
    await store.saveCells([cellInput(model.id, rows[1].id, { outputText: 'b echoed' })]);

    const deletion = await store.deleteDataset(dataset.id);
    expect(deletion).toEqual({ runCount: 1, rowsDeleted: 2, rowsKept: 1, removed: false, removedObject: null });
    expect((await store.listDatasets()).map((d) => d.id)).not.toContain(dataset.id);
    expect(await store.getDataset(dataset.id)).toBeNull();
    const kept = await store.getDatasetRows(dataset.id);
    expect(kept.map((r) => r.data)).toEqual([{ ticket: 'b', expected: '2' }]);
    expect((await store.listCells(run.id)).map((c) => [c.datasetRowId, c.outputText])).toEqual([[rows[1].id, 'b echoed']]);

    const again = await store.deleteDataset(dataset.id).catch((error: unknown) => error);
    expect(isUserError(again) && again.code).toBe('store.not-found');
  });
});
