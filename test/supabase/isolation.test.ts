// Two users on one Supabase project, through supabase-js over HTTP: each sees only their own
// prompts, datasets, rows, runs, cells and files, whatever they ask for.
import { beforeAll, describe, expect, it } from 'vitest';
import { cellIdOf } from '../../src/core/model/cell-id';
import { SupabaseStore, SupabaseStoreError } from '../../src/store/supabase';
import { promptInput, seedGraph } from './support/data';
import { anonClient, serviceClient, signUpUser, type TestUser } from './support/env';

let alice: TestUser;
let bob: TestUser;
let aliceGraph: Awaited<ReturnType<typeof seedGraph>>;
let bobGraph: Awaited<ReturnType<typeof seedGraph>>;

beforeAll(async () => {
  alice = await signUpUser('alice');
  bob = await signUpUser('bob');
  aliceGraph = await seedGraph(alice.store, 'alice');
  bobGraph = await seedGraph(bob.store, 'bob');
});

describe('each user sees only their own data', () => {
  it('stored the whole graph for both users', () => {
    for (const graph of [aliceGraph, bobGraph]) {
      expect(graph.dataset.rowCount).toBe(3);
      expect(graph.datasetRows.map((r) => r.rowIndex)).toEqual([0, 1, 2]);
      expect(graph.run.models.map((m) => m.provider)).toEqual(['groq', 'cerebras']);
      expect(graph.cells).toHaveLength(6);
    }
    expect(aliceGraph.dataset.filePath).toBe(`${alice.id}/${aliceGraph.dataset.id}/alice.csv`);
  });

  it('lists hold only the owner\'s prompts, datasets and runs', async () => {
    expect((await alice.store.listPrompts()).map((p) => p.id)).toEqual([aliceGraph.prompt.id]);
    expect((await alice.store.listDatasets()).map((d) => d.id)).toEqual([aliceGraph.dataset.id]);
    const runs = await alice.store.listRuns();
    expect(runs.map((r) => r.id)).toEqual([aliceGraph.run.id]);
    expect(runs[0]).toMatchObject({ promptName: 'alice', cellCount: 6, failedCount: 0 });
  });

  it('another user\'s records are not found by id', async () => {
    expect(await alice.store.getPrompt(bobGraph.prompt.id)).toBeNull();
    expect(await alice.store.getDataset(bobGraph.dataset.id)).toBeNull();
    expect(await alice.store.getDatasetRows(bobGraph.dataset.id)).toEqual([]);
    expect(await alice.store.getRun(bobGraph.run.id)).toBeNull();
    expect(await alice.store.listCells(bobGraph.run.id)).toEqual([]);
    expect(await alice.store.listCellMetrics(bobGraph.run.id)).toEqual([]);
  });

  it('row level security alone hides the other user\'s rows (queries without an owner filter)', async () => {
    for (const table of ['prompt', 'dataset', 'dataset_row', 'run', 'run_model', 'run_cell']) {
      const { data, error } = await alice.client.from(table).select('owner_id');
      expect(error, table).toBeNull();
      expect(data?.length, table).toBeGreaterThan(0);
      expect(new Set(data?.map((row: { owner_id: string }) => row.owner_id)), table).toEqual(new Set([alice.id]));
    }
  });

  it('a user cannot change or delete another user\'s records', async () => {
    await alice.store.deletePrompt(bobGraph.prompt.id);
    await expect(alice.store.setRunStatus(bobGraph.run.id, 'cancelled')).rejects.toMatchObject({ code: 'store.not-found' });
    await expect(alice.store.setManualGrade(cellIdOf(bobGraph.cells[0]?.runModelId ?? '', bobGraph.cells[0]?.datasetRowId ?? null), { score: 0, pass: false, note: 'x' })).rejects.toMatchObject({
      code: 'store.not-found',
    });
    const bobRun = await bob.store.getRun(bobGraph.run.id);
    expect(bobRun?.status).toBe('pending');
    expect(await bob.store.getPrompt(bobGraph.prompt.id)).not.toBeNull();
    expect((await bob.store.listCells(bobGraph.run.id)).every((c) => c.manualNote === null)).toBe(true);
  });

  it('writing as another owner is refused as "not allowed"', async () => {
    const impostor = new SupabaseStore(alice.client, bob.id);
    const error: unknown = await impostor.upsertPrompt(promptInput('forged')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupabaseStoreError);
    expect(error).toMatchObject({ kind: 'denied', retryable: false });
    expect((error as Error).message).toMatch(/not allowed/);
    expect((await bob.store.listPrompts()).map((p) => p.name)).toEqual(['bob']);
  });

  it('Storage: a user reads and lists only their own folder, and cannot upload into another\'s', async () => {
    const bucket = (user: TestUser) => user.client.storage.from('datasets');
    const own = await bucket(alice).download(aliceGraph.dataset.filePath);
    expect(own.error).toBeNull();
    expect(await own.data?.text()).toContain('alice-2,even');

    const theirs = await bucket(alice).download(bobGraph.dataset.filePath);
    expect(theirs.error).not.toBeNull();
    const listed = await bucket(alice).list(`${bob.id}/${bobGraph.dataset.id}`);
    expect(listed.data ?? []).toEqual([]);

    const forged = await bucket(alice).upload(`${bob.id}/forged/evil.csv`, Buffer.from('a\n1\n'), { contentType: 'text/csv' });
    expect(forged.error?.message).toMatch(/row-level security/);
    const removed = await bucket(alice).remove([bobGraph.dataset.filePath]);
    expect(removed.data ?? []).toEqual([]);
    const stillThere = await bucket(bob).download(bobGraph.dataset.filePath);
    expect(stillThere.error).toBeNull();
  });

  it('anon (no session) sees no rows and no files', async () => {
    const anon = anonClient();
    for (const table of ['prompt', 'dataset', 'run', 'run_cell']) {
      const { data } = await anon.from(table).select('id');
      expect(data ?? [], table).toEqual([]);
    }
    const file = await anon.storage.from('datasets').download(aliceGraph.dataset.filePath);
    expect(file.error).not.toBeNull();
  });

  it('the service role sees every user\'s rows (it bypasses row level security)', async () => {
    const { data, error } = await serviceClient().from('prompt').select('owner_id').in('owner_id', [alice.id, bob.id]);
    expect(error).toBeNull();
    expect(new Set(data?.map((row: { owner_id: string }) => row.owner_id))).toEqual(new Set([alice.id, bob.id]));
  });
});
