/**
 * The request on record in the local store (PGlite, the real migrations): each cell's messages
 * come back as the exact texts written, each distinct message of a run is stored once (shared by
 * rows and by models), a run keeps its partial texts, and copying a run to another store carries
 * its requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyStore } from '../../../src/core/sync';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import type { RunRecord, SentRequest } from '../../../src/core/model';
import { batchesOf, cellInput } from './cells';

const repo = path.resolve(__dirname, '../../..');
let root: string;
let store: LocalStore;
let run: RunRecord;
let rowIds: string[];

const open = (name: string) =>
  openLocalStore({ dataDir: path.join(root, name), migrationsDir: path.join(repo, 'supabase/migrations'), shimFile: path.join(repo, 'supabase/local/00_supabase_shim.sql'), seed: false });

// keys in wire order, a multi-byte character and an escaped newline: kept byte for byte
const SYSTEM = '{"role":"system","content":"Label the ticket. Réponds en français.\\n"}';
const userMessage = (i: number) => `{"role":"user","content":"ticket ${i} 🧾"}`;
const request = (i: number): SentRequest => ({ messages: [SYSTEM, userMessage(i)], params: { temperature: 0.2, max_completion_tokens: 16 } });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-requests-'));
  store = await open('home');
  const rows = Array.from({ length: 50 }, (_, i) => ({ ticket: `ticket ${i}` }));
  const dataset = await store.createDataset({ name: 'tickets', filePath: 'data/tickets.csv', columns: ['ticket'] }, batchesOf([rows]));
  rowIds = (await store.getDatasetRows(dataset.id)).map((row) => row.id);
  run = await store.createRun({
    promptId: null,
    datasetId: dataset.id,
    promptText: '{{> header}}{{ticket}}',
    graderTexts: { 'g.prompt': '{{> header}}{{output}}' },
    partialTexts: { prompt: { header: 'Label the ticket.\n' }, graders: { 'g.prompt': { header: 'Grade it.\n' } } },
    config: {},
    models: [
      { provider: 'groq', model: 'a', displayLabel: 'a', params: {} },
      { provider: 'cerebras', model: 'b', displayLabel: 'b', params: {} },
    ],
  });
}, 120_000);

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the request on record (local store)', () => {
  it('keeps the partial texts a run used', async () => {
    expect((await store.getRun(run.id))?.partialTexts).toEqual({ prompt: { header: 'Label the ticket.\n' }, graders: { 'g.prompt': { header: 'Grade it.\n' } } });
  });

  it('gives back each cell’s messages byte for byte, storing every distinct message of the run once', async () => {
    const [first, second] = run.models;
    if (!first || !second) throw new Error('two models');
    // both models, every row; the last row of the second model sent nothing (no request)
    const cells = run.models.flatMap((model) =>
      rowIds.map((rowId, i) => cellInput(model.id, rowId, model === second && i === rowIds.length - 1 ? { status: 'failed', request: null } : { request: request(i) })),
    );
    // in two writes, as the cell writer batches them: a message already recorded is not added again
    await store.saveCells(cells.slice(0, 30));
    await store.saveCells(cells.slice(30));

    const requests = await store.listCellRequests(run.id);
    expect(requests.size).toBe(2 * rowIds.length - 1);
    const stored = await store.listCells(run.id);
    const rowIndex = new Map(rowIds.map((id, i) => [id, i]));
    for (const cell of stored) {
      const i = rowIndex.get(cell.datasetRowId ?? '') ?? -1;
      if (cell.runModelId === second.id && i === rowIds.length - 1) expect(requests.has(cell.id)).toBe(false);
      else expect(requests.get(cell.id)).toEqual(request(i));
    }
    // one system message and one user message per row, for both models together
    const { rows } = await storeQuery(`select count(*)::int as n from public.run_message where run_id = '${run.id}'`);
    expect(rows[0]).toEqual({ n: rowIds.length + 1 });

    const one = stored.find((cell) => cell.runModelId === first.id && cell.datasetRowId === rowIds[7]);
    expect(one).toBeDefined();
    expect(await store.listCellRequests(run.id, [one?.id ?? ''])).toEqual(new Map([[one?.id, request(7)]]));
    expect((await store.listCellRequests(run.id, ['not-a-uuid'])).size).toBe(0);
  });

  it('a resumed cell written again replaces its request', async () => {
    const [first] = run.models;
    await store.saveCells([cellInput(first?.id ?? '', rowIds[3] ?? '', { request: { messages: [SYSTEM, '{"role":"user","content":"again"}'], params: {} } })]);
    const cell = (await store.listCells(run.id)).find((c) => c.runModelId === first?.id && c.datasetRowId === rowIds[3]);
    expect((await store.listCellRequests(run.id, [cell?.id ?? ''])).get(cell?.id ?? '')?.messages[1]).toBe('{"role":"user","content":"again"}');
  });

  it('copying the store to another carries the partial texts and every request', async () => {
    const target = await open('copy');
    try {
      await copyStore(store, target);
      const [copied] = await target.listRuns();
      expect(copied?.partialTexts).toEqual(run.partialTexts);
      const fromRequests = [...(await store.listCellRequests(run.id)).values()].map((r) => JSON.stringify(r)).sort();
      const toRequests = [...(await target.listCellRequests(copied?.id ?? '')).values()].map((r) => JSON.stringify(r)).sort();
      expect(toRequests).toEqual(fromRequests);
    } finally {
      await target.close();
    }
  }, 60_000);
});

/** A read as the local user, through the store's own database handle. */
function storeQuery(sql: string): Promise<{ rows: unknown[] }> {
  return (store as unknown as { db: { query(sql: string): Promise<{ rows: unknown[] }> } }).db.query(sql);
}
