// The Supabase store's batch records over HTTP (supabase-js, PostgREST): what `refinery runs watch`
// on another machine reads back, and that another user reaches none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGraph } from './support/data';
import { signUpUser, type TestUser } from './support/env';

let dave: TestUser;
let erin: TestUser;

beforeAll(async () => {
  dave = await signUpUser('dave');
  erin = await signUpUser('erin');
});

afterAll(async () => {
  await dave.store.close();
  await erin.store.close();
});

describe('run batches in the Supabase store', () => {
  it('records a batch, updates it as it is polled and folded, lists it by position; another user sees and changes nothing', async () => {
    const graph = await seedGraph(dave.store, 'dave-batch');
    const runModelId = graph.run.models[0]?.id ?? '';
    const second = await dave.store.createRunBatch({ runId: graph.run.id, runModelId, provider: 'groq', position: 2, inputFileId: 'file_b', completionWindow: '24h', lineCount: 500 });
    const first = await dave.store.createRunBatch({ runId: graph.run.id, runModelId, provider: 'groq', position: 1, inputFileId: 'file_a', completionWindow: '24h', lineCount: 1000 });
    expect(first).toMatchObject({ state: 'uploaded', batchId: null, foldedAt: null, completedCount: 0 });

    const polled = await dave.store.updateRunBatch(first.id, { batchId: 'batch_1', state: 'in_progress', completedCount: 610, submittedAt: '2026-12-07T12:00:00.000Z' });
    expect(polled).toMatchObject({ batchId: 'batch_1', state: 'in_progress', completedCount: 610, inputFileId: 'file_a' });
    const folded = await dave.store.updateRunBatch(first.id, { state: 'completed', outputFileId: 'file_out', foldedAt: '2026-12-07T13:00:00.000Z' });
    expect(folded.foldedAt).not.toBeNull();
    expect(folded.completedCount).toBe(610); // columns the update does not name stay as they were

    expect((await dave.store.listRunBatches(graph.run.id)).map((b) => [b.position, b.inputFileId, b.state])).toEqual([
      [1, 'file_a', 'completed'],
      [2, 'file_b', 'uploaded'],
    ]);

    expect(await erin.store.listRunBatches(graph.run.id)).toEqual([]);
    await expect(erin.store.updateRunBatch(second.id, { state: 'cancelled' })).rejects.toMatchObject({ code: 'store.not-found' });
    await expect(erin.store.createRunBatch({ runId: graph.run.id, runModelId, provider: 'groq', position: 3, inputFileId: 'x', completionWindow: '24h', lineCount: 1 })).rejects.toThrow();
    expect((await dave.store.listRunBatches(graph.run.id)).map((b) => b.state)).toEqual(['completed', 'uploaded']);
  });
});
