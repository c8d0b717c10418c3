// Datasets as objects over HTTP (supabase-js, PostgREST, Storage): the same file stored once by
// its content hash, versions, list / preview / delete as the owner, and another user who sees
// and deletes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, storeDatasetFile } from '../../src/core/dataset';
import { isUserError } from '../../src/core/errors';
import { csvFile, rowsOf, runInput, cellInput, promptInput } from './support/data';
import { serviceClient, signUpUser, type TestUser } from './support/env';

let alice: TestUser;
let bob: TestUser;
const files: Array<{ cleanup: () => void }> = [];

beforeAll(async () => {
  alice = await signUpUser('alice-datasets');
  bob = await signUpUser('bob-datasets');
});

afterAll(() => {
  for (const file of files) file.cleanup();
});

async function importCsv(user: TestUser, name: string, rows: number, tag: string) {
  const csv = csvFile(name, rowsOf(rows, tag));
  files.push(csv);
  return storeDatasetFile(user.store, await openDataset(csv.file), { sourcePath: `data/${name}` });
}

/** What is really in the project (the service role bypasses RLS). */
async function storedObjects(ownerId: string, datasetId: string): Promise<string[]> {
  const { data, error } = await serviceClient().storage.from('datasets').list(`${ownerId}/${datasetId}`);
  if (error) throw new Error(error.message);
  return data.map((object) => object.name.split('/').pop() ?? object.name);
}
async function storedRowCount(datasetId: string): Promise<number> {
  const { count, error } = await serviceClient().from('dataset_row').select('id', { count: 'exact', head: true }).eq('dataset_id', datasetId);
  if (error) throw new Error(error.message);
  return count ?? -1;
}

describe('datasets over HTTP', () => {
  it('the same file imported twice is one dataset; a changed file is version 2 of it', async () => {
    const first = await importCsv(alice, 'tickets.csv', 150, 'a');
    const again = await importCsv(alice, 'tickets.csv', 150, 'a');
    expect(first.reused).toBe(false);
    expect(again).toEqual({ dataset: first.dataset, reused: true });
    expect((await alice.store.listDatasets()).filter((d) => d.sourcePath === 'data/tickets.csv')).toHaveLength(1);
    expect(await storedObjects(alice.id, first.dataset.id)).toEqual(['tickets.csv']);

    const changed = await importCsv(alice, 'tickets.csv', 151, 'a');
    expect(changed.reused).toBe(false);
    expect(changed.dataset).toMatchObject({ version: 2, previousVersionId: first.dataset.id, rowCount: 151 });
  });

  it('bob importing the same bytes gets his own dataset; each lists only their own', async () => {
    const alices = await importCsv(alice, 'shared.csv', 4, 's');
    const bobs = await importCsv(bob, 'shared.csv', 4, 's');
    expect(bobs.reused).toBe(false);
    expect(bobs.dataset.id).not.toBe(alices.dataset.id);
    expect(bobs.dataset.contentHash).toBe(alices.dataset.contentHash);
    const bobSees = (await bob.store.listDatasets()).map((d) => d.id);
    expect(bobSees).toEqual([bobs.dataset.id]);
    expect((await alice.store.listDatasets()).map((d) => d.id)).not.toContain(bobs.dataset.id);
    expect(await bob.store.findDatasetByContentHash(alices.dataset.contentHash ?? '')).toMatchObject({ id: bobs.dataset.id });
  });

  it('preview: the owner reads the first 100 rows in order and the run counts; bob reads nothing', async () => {
    const { dataset } = await importCsv(alice, 'preview.csv', 130, 'p');
    const preview = await alice.store.getDatasetRows(dataset.id, { limit: 100 });
    expect(preview.map((r) => r.data.name)).toEqual(rowsOf(100, 'p').map((r) => r.name));
    const prompt = await alice.store.upsertPrompt(promptInput('preview'));
    await alice.store.createRun(runInput(prompt.id, dataset.id));
    expect((await alice.store.countDatasetRuns()).get(dataset.id)).toBe(1);

    expect(await bob.store.getDataset(dataset.id)).toBeNull();
    expect(await bob.store.getDatasetRows(dataset.id, { limit: 100 })).toEqual([]);
    expect((await bob.store.countDatasetRuns()).get(dataset.id)).toBeUndefined();
  });

  it('delete: bob cannot; the owner removes the rows no run used and the Storage object', async () => {
    const unused = (await importCsv(alice, 'unused.csv', 5, 'u')).dataset;
    const used = (await importCsv(alice, 'used.csv', 5, 'x')).dataset;
    const prompt = await alice.store.upsertPrompt(promptInput('used'));
    const run = await alice.store.createRun(runInput(prompt.id, used.id));
    const rows = await alice.store.getDatasetRows(used.id);
    await alice.store.saveCells(run.models.map((m) => cellInput(m.id, rows[0]?.id ?? null, { outputText: 'kept' })));

    const refused = await bob.store.deleteDataset(unused.id).catch((error: unknown) => error);
    expect(isUserError(refused) && refused.code).toBe('store.not-found');
    expect(await storedRowCount(unused.id)).toBe(5);
    expect(await storedObjects(alice.id, unused.id)).toEqual(['unused.csv']);

    expect(await alice.store.deleteDataset(unused.id)).toEqual({
      runCount: 0, rowsDeleted: 5, rowsKept: 0, removed: true, removedObject: `${alice.id}/${unused.id}/unused.csv`,
    });
    expect(await storedRowCount(unused.id)).toBe(0);
    expect(await storedObjects(alice.id, unused.id)).toEqual([]);

    expect(await alice.store.deleteDataset(used.id)).toMatchObject({ runCount: 1, rowsDeleted: 4, rowsKept: 1, removed: false });
    expect(await storedObjects(alice.id, used.id)).toEqual([]);
    expect((await alice.store.listDatasets()).map((d) => d.id)).not.toContain(used.id);
    // the run stays readable: its cells and the row they ran on
    expect((await alice.store.getDatasetRows(used.id)).map((r) => r.data.name)).toEqual(['x-0']);
    expect((await alice.store.listCells(run.id)).map((c) => c.outputText)).toEqual(['kept', 'kept']);
  });
});
