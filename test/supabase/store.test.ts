// The Supabase store's own guarantees over HTTP: all-or-nothing dataset imports (rows and the
// Storage object), previews and paging, idempotent cell batches, errors a user can act on,
// and the three ways to authenticate.
import { randomUUID } from 'node:crypto';
import { cellIdOf } from '../../src/core/model/cell-id';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSupabaseStore, SupabaseStoreError } from '../../src/store/supabase';
import type { JsonValue } from '../../src/core/model';
import { batchesOf, cellInput, csvFile, promptInput, rowsOf, runInput } from './support/data';
import { anonKey, serviceClient, signUpUser, supabaseUrl, type TestUser } from './support/env';

let carol: TestUser;

beforeAll(async () => {
  carol = await signUpUser('carol');
});

afterAll(async () => {
  await carol.store.close();
});

/** What is really in the project for the user, seen with the service role. */
async function leftovers(ownerId: string, datasetName: string) {
  const service = serviceClient();
  const datasets = await service.from('dataset').select('id').eq('owner_id', ownerId).eq('name', datasetName);
  const ids = (datasets.data ?? []).map((d: { id: string }) => d.id);
  const rows = await service.from('dataset_row').select('id', { count: 'exact', head: true }).eq('owner_id', ownerId).in('dataset_id', ids);
  const folders = await service.storage.from('datasets').list(ownerId, { limit: 1000 });
  const objects = await service.from('dataset').select('file_path').eq('owner_id', ownerId);
  return {
    datasets: ids.length,
    rows: rows.count ?? 0,
    storageEntries: (folders.data ?? []).map((f: { name: string }) => f.name),
    filePaths: (objects.data ?? []).map((d: { file_path: string }) => d.file_path),
  };
}

async function storageKeys(user: TestUser): Promise<string[]> {
  const { data, error } = await user.client.storage.from('datasets').list(user.id, { limit: 1000 });
  expect(error).toBeNull();
  return (data ?? []).map((entry: { name: string }) => entry.name);
}

describe('dataset import', () => {
  it('an upload that fails midway leaves neither rows nor a Storage object behind', async () => {
    const rows = rowsOf(12_000, 'broken');
    const csv = csvFile('broken.csv', rows);
    const objectsBefore = await storageKeys(carol);
    async function* failingAfterTwoBatches() {
      // more than a request's worth (5000 rows): some rows really reach the database first
      yield* batchesOf([rows.slice(0, 6000), rows.slice(6000, 11_000)]);
      throw new Error('disk unplugged while reading the file');
    }
    try {
      await expect(
        carol.store.createDataset({ name: 'broken.csv', filePath: 'data/broken.csv', columns: ['name', 'expected'] }, failingAfterTwoBatches(), {
          sourceFile: csv.file,
        }),
      ).rejects.toThrow('disk unplugged');
    } finally {
      csv.cleanup();
    }
    const left = await leftovers(carol.id, 'broken.csv');
    expect(left.datasets).toBe(0);
    expect(left.rows).toBe(0);
    expect(await storageKeys(carol)).toEqual(objectsBefore);
    expect((await carol.store.listDatasets()).map((d) => d.name)).not.toContain('broken.csv');
  });

  it('a batch the database refuses removes the dataset and its file again', async () => {
    const good = rowsOf(10, 'refused');
    const csv = csvFile('refused.csv', good);
    const objectsBefore = await storageKeys(carol);
    try {
      // a row that is not an object: the table's check (jsonb_typeof = 'object') refuses it
      const bad = [...good, ['not', 'an', 'object'] as unknown as Record<string, JsonValue>];
      await expect(
        carol.store.createDataset({ name: 'refused.csv', filePath: 'data/refused.csv', columns: ['name'] }, batchesOf([bad]), {
          sourceFile: csv.file,
        }),
      ).rejects.toBeInstanceOf(SupabaseStoreError);
    } finally {
      csv.cleanup();
    }
    expect(await leftovers(carol.id, 'refused.csv')).toMatchObject({ datasets: 0, rows: 0 });
    expect(await storageKeys(carol)).toEqual(objectsBefore);
  });

  it('an import abandoned a day ago is removed, with its file, when the next one starts', async () => {
    const service = serviceClient();
    const staleId = randomUUID();
    const key = `${carol.id}/${staleId}/stale.csv`;
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
    const inserted = await service
      .from('dataset')
      .insert({ id: staleId, owner_id: carol.id, name: 'stale.csv', file_path: key, status: 'importing', created_at: twoDaysAgo });
    expect(inserted.error).toBeNull();
    expect((await carol.client.storage.from('datasets').upload(key, Buffer.from('a\n1\n'), { contentType: 'text/csv' })).error).toBeNull();

    await carol.store.createDataset({ name: 'fresh.csv', filePath: 'data/fresh.csv', columns: ['name'] }, batchesOf([rowsOf(2, 'fresh')]));

    expect(await leftovers(carol.id, 'stale.csv')).toMatchObject({ datasets: 0, rows: 0 });
    expect(await storageKeys(carol)).not.toContain(key);
  });

  it('a dataset is invisible while it imports and appears whole when it is done', async () => {
    const rows = rowsOf(2500, 'paged');
    let seenWhileImporting: string[] | undefined;
    const store = carol.store;
    async function* slowRows() {
      yield rows.slice(0, 1200);
      seenWhileImporting = (await store.listDatasets()).map((d) => d.name);
      yield rows.slice(1200);
    }
    const dataset = await store.createDataset({ name: 'paged.csv', filePath: 'data/paged.csv', columns: ['name', 'expected'] }, slowRows());
    expect(seenWhileImporting).not.toContain('paged.csv');
    expect(dataset).toMatchObject({ name: 'paged.csv', rowCount: 2500, columns: ['name', 'expected'], filePath: 'data/paged.csv' });
    expect(await store.getDataset(dataset.id)).toEqual(dataset);

    const preview = await store.getDatasetRows(dataset.id, { limit: 100 });
    expect(preview.map((r) => r.rowIndex)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(preview[99]?.data).toEqual({ name: 'paged-99', expected: 'odd' });

    // more than one page (1000 rows) per read
    const all = await store.getDatasetRows(dataset.id);
    expect(all).toHaveLength(2500);
    expect(all.map((r) => r.rowIndex)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const middle = await store.getDatasetRows(dataset.id, { offset: 1999, limit: 3 });
    expect(middle.map((r) => r.data.name)).toEqual(['paged-1999', 'paged-2000', 'paged-2001']);
  });
});

describe('cells', () => {
  it('saving the same cells twice updates them, never duplicates, and keeps manual grades', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('cells'));
    const dataset = await carol.store.createDataset({ name: 'cells.csv', filePath: 'data/cells.csv', columns: ['name'] }, batchesOf([rowsOf(3, 'c')]));
    const rows = await carol.store.getDatasetRows(dataset.id);
    const run = await carol.store.createRun(runInput(prompt.id, dataset.id));
    const model = run.models[0];
    if (!model) throw new Error('run without models');

    await carol.store.saveCells(rows.map((r) => cellInput(model.id, r.id, { outputText: 'first' })));
    const first = await carol.store.listCells(run.id);
    const graded = first[1];
    if (!graded) throw new Error('missing cell');
    await carol.store.setManualGrade(cellIdOf(graded.runModelId, graded.datasetRowId), { score: 0, pass: false, note: 'wrong label' });

    // a retried batch (and a cell of a run without dataset row, twice)
    await carol.store.saveCells([
      ...rows.map((r) => cellInput(model.id, r.id, { outputText: 'second' })),
      cellInput(model.id, null, { outputText: 'no row' }),
    ]);
    await carol.store.saveCells([cellInput(model.id, null, { outputText: 'no row again' })]);

    const cells = await carol.store.listCells(run.id);
    expect(cells).toHaveLength(4);
    expect(cells.map((c) => c.outputText)).toEqual(['no row again', 'second', 'second', 'second']);
    expect(cells.find((c) => c.id === graded.id)).toMatchObject({ manualPass: false, manualNote: 'wrong label', outputText: 'second' });
    const metrics = await carol.store.listCellMetrics(run.id);
    expect(metrics).toHaveLength(4);
    const [summary] = await carol.store.listRuns({ promptId: prompt.id });
    expect(summary).toMatchObject({ cellCount: 4, failedCount: 0 });
    await carol.store.setRunStatus(run.id, 'completed');
    expect((await carol.store.getRun(run.id))?.status).toBe('completed');
  });

  it('stores a pairwise judgment with its run pair and lists it from either run', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('pairwise'));
    const a = await carol.store.createRun(runInput(prompt.id, null));
    const b = await carol.store.createRun(runInput(prompt.id, null));
    const input = {
      runId: a.id, baselineRunId: b.id, label: 'run a vs baseline b', graderPath: 'graders/preference.prompt', graderText: '---\nrefinery.kind: pairwise\n---\n{{output_a}}',
      judge: 'groq/j', summary: { winsA: 2, winsB: 0, ties: 1, positionBiasRate: 0 }, pairs: [{ row_index: 0, outcome: 'A' }], costUsd: 0.0000125,
    };
    const saved = await carol.store.savePairwiseComparison(input);
    expect(saved).toMatchObject(input);
    expect((await carol.store.listPairwiseComparisons(a.id)).map((p) => p.id)).toEqual([saved.id]);
    expect((await carol.store.listPairwiseComparisons(b.id)).map((p) => p.id)).toEqual([saved.id]);
    expect(await carol.store.listPairwiseComparisons(randomUUID())).toEqual([]);
    const unpriced = await carol.store.savePairwiseComparison({ ...input, label: 'judge without a price', costUsd: null });
    expect(unpriced.costUsd).toBeNull();
  });

  it('keeps the refinery.repeat samples of a cell', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('samples'));
    const run = await carol.store.createRun(runInput(prompt.id, null));
    const model = run.models[0];
    if (!model) throw new Error('run without models');
    const sample = (outputText: string | null, gradePass: boolean | null) => ({
      outputText, errorText: outputText === null ? 'timeout' : null, latencyMs: 12, tokensIn: 3, tokensOut: 4, tokensCached: 1, costUsd: 0.0000012, gradePass, gradeScore: gradePass ? 1 : 0,
      grades: [{ grader: 'g.prompt', score: gradePass ? 1 : 0, pass: gradePass, reason: 'why', state: 'graded' as const, costUsd: 0.000001 }],
    });
    const samples = [sample('a "quoted"\nline', true), sample('b', false), sample(null, null)];
    await carol.store.saveCells([cellInput(model.id, null, { status: 'failed', samples })]);
    const [cell] = await carol.store.listCells(run.id);
    expect(cell?.samples).toEqual(samples);
  });

  it('records what each cell sent: its messages byte for byte, each distinct one stored once per run, and the partial texts', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('requests'));
    const dataset = await carol.store.createDataset({ name: 'requests.csv', filePath: 'data/requests.csv', columns: ['name'] }, batchesOf([rowsOf(3, 'q')]));
    const rows = await carol.store.getDatasetRows(dataset.id);
    const partialTexts = { prompt: { header: 'Label it.\n' }, graders: { 'g.prompt': { header: 'Grade it.' } } };
    const run = await carol.store.createRun({ ...runInput(prompt.id, dataset.id), partialTexts });
    expect((await carol.store.getRun(run.id))?.partialTexts).toEqual(partialTexts);
    const system = '{"role":"system","content":"Label it.\\n Réponds 🧾"}';
    const request = (i: number) => ({ messages: [system, `{"role":"user","content":"row ${i}"}`], params: { temperature: 0, max_completion_tokens: 8 } });
    const cells = run.models.flatMap((m) => rows.map((r) => cellInput(m.id, r.id, { request: r.rowIndex === 2 ? null : request(r.rowIndex) })));
    await carol.store.saveCells(cells);
    await carol.store.saveCells(cells); // a retried batch records nothing twice

    const requests = await carol.store.listCellRequests(run.id);
    const stored = await carol.store.listCells(run.id);
    const indexOf = new Map(rows.map((r) => [r.id, r.rowIndex]));
    expect(requests.size).toBe(2 * run.models.length);
    for (const cell of stored) {
      const i = indexOf.get(cell.datasetRowId ?? '') ?? -1;
      if (i === 2) expect(requests.has(cell.id)).toBe(false);
      else expect(requests.get(cell.id)).toEqual(request(i));
    }
    const messages = await serviceClient().from('run_message').select('body').eq('run_id', run.id);
    expect((messages.data ?? []).map((m: { body: string }) => m.body).sort()).toEqual([system, '{"role":"user","content":"row 0"}', '{"role":"user","content":"row 1"}'].sort());
    const one = stored.find((cell) => indexOf.get(cell.datasetRowId ?? '') === 1);
    expect([...(await carol.store.listCellRequests(run.id, [one?.id ?? ''])).keys()]).toEqual([one?.id]);
  });

  it('writes more cells than one request holds', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('many'));
    const run = await carol.store.createRun(runInput(prompt.id, null));
    const dataset = await carol.store.createDataset({ name: 'many.csv', filePath: 'data/many.csv', columns: ['name'] }, batchesOf([rowsOf(1200, 'm')]));
    const rows = await carol.store.getDatasetRows(dataset.id);
    const cells = run.models.flatMap((m) => rows.map((r) => cellInput(m.id, r.id, { status: r.rowIndex % 10 === 0 ? 'failed' : 'completed' })));
    await carol.store.saveCells(cells);
    await carol.store.saveCells(cells);
    expect(await carol.store.listCellMetrics(run.id)).toHaveLength(2400);
    const [summary] = await carol.store.listRuns({ promptId: prompt.id });
    expect(summary).toMatchObject({ cellCount: 2400, failedCount: 240 });
  });
});

describe('deleting a run', () => {
  it('removes the run, its models and cells, then its dataset copy with its rows and file; never another user\'s run', async () => {
    const prompt = await carol.store.upsertPrompt(promptInput('deleted'));
    const csv = csvFile('deleted.csv', rowsOf(3, 'd'));
    let dataset;
    try {
      dataset = await carol.store.createDataset({ name: 'deleted.csv', filePath: 'data/deleted.csv', columns: ['name', 'expected'] }, batchesOf([rowsOf(3, 'd')]), { sourceFile: csv.file });
    } finally {
      csv.cleanup();
    }
    const rows = await carol.store.getDatasetRows(dataset.id);
    const run = await carol.store.createRun(runInput(prompt.id, dataset.id));
    await carol.store.saveCells(rows.map((r) => cellInput(run.models[0]!.id, r.id)));
    expect((await leftovers(carol.id, 'deleted.csv')).rows).toBe(3);
    // the file names in the dataset's folder (@supabase/lite lists whole keys, Supabase names)
    const objectsOfDataset = async () => ((await carol.client.storage.from('datasets').list(`${carol.id}/${dataset.id}`)).data ?? []).map((o: { name: string }) => o.name.split('/').pop());
    expect(dataset.filePath).toBe(`${carol.id}/${dataset.id}/deleted.csv`);
    expect(await objectsOfDataset()).toEqual(['deleted.csv']);

    const dave = await signUpUser('dave');
    try {
      await expect(dave.store.deleteRun(run.id)).rejects.toMatchObject({ code: 'store.not-found' });
    } finally {
      await dave.store.close();
    }
    expect(await carol.store.getRun(run.id)).not.toBeNull();

    await carol.store.deleteRun(run.id);
    expect(await carol.store.getRun(run.id)).toBeNull();
    const service = serviceClient();
    const cells = await service.from('run_cell').select('id', { count: 'exact', head: true }).eq('owner_id', carol.id).in('run_model_id', run.models.map((m) => m.id));
    expect(cells.count).toBe(0);
    const left = await leftovers(carol.id, 'deleted.csv');
    expect(left.datasets).toBe(0);
    expect(left.rows).toBe(0);
    expect(await objectsOfDataset()).toEqual([]);
  });
});

describe('prompts', () => {
  it('upserts by path and leaves an unchanged prompt alone', async () => {
    const first = await carol.store.upsertPrompt(promptInput('same'));
    const again = await carol.store.upsertPrompt(promptInput('same'));
    expect(again).toEqual(first);
    const changed = await carol.store.upsertPrompt({ ...promptInput('same'), body: 'new body', contentHash: 'hash-2' });
    expect(changed).toMatchObject({ id: first.id, body: 'new body' });
    await carol.store.deletePrompt(first.id);
    expect(await carol.store.getPrompt(first.id)).toBeNull();
  });
});

describe('opening a store', () => {
  it('with a user access token alone', async () => {
    const store = await openSupabaseStore({ url: supabaseUrl, anonKey, auth: { kind: 'access-token', accessToken: carol.accessToken } });
    expect(store.ownerId).toBe(carol.id);
    expect((await store.listPrompts()).map((p) => p.name)).toContain('cells');
    await store.close();
  });

  it('with the service role acting for one user: writes as that user, reads only that user\'s data', async () => {
    const dave = await signUpUser('dave');
    const store = await openSupabaseStore({
      url: supabaseUrl,
      anonKey,
      auth: { kind: 'service-role', serviceRoleKey: (await import('./support/env')).secretKey, ownerId: dave.id },
    });
    const prompt = await store.upsertPrompt(promptInput('from-ci'));
    expect((await dave.store.getPrompt(prompt.id))?.name).toBe('from-ci');
    expect((await store.listPrompts()).map((p) => p.name)).toEqual(['from-ci']);
    expect(await store.getPrompt((await carol.store.listPrompts())[0]?.id ?? '')).toBeNull();
    await store.close();
  });

  it('a refused token says so, and is not retryable', async () => {
    const error: unknown = await openSupabaseStore({ url: supabaseUrl, anonKey, auth: { kind: 'access-token', accessToken: 'not-a-jwt' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'denied', retryable: false });
  });

  it('a server that cannot be reached gives a retryable error that says so', async () => {
    const error: unknown = await openSupabaseStore({
      url: 'http://127.0.0.1:9',
      anonKey,
      auth: { kind: 'access-token', accessToken: carol.accessToken },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupabaseStoreError);
    expect(error).toMatchObject({ kind: 'unreachable', retryable: true, code: 'store.unreachable' });
    expect((error as Error).message).toMatch(/cannot be reached/);
  });
});
