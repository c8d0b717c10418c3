import { z } from 'zod';
import { UserError } from '../../core/errors';
import { chunk, isUuid } from '../local/db';
import { CELL_REQUEST_COLUMNS, cellRequestFromRow, messageFromRow, sentRequests } from '../request-record';
import { CELL_METRICS_COLUMNS, cellFromRow, cellMetricsFromRow, cellsToRows, lastCellPerKey, manualGradeToRow } from '../rows';
import type { CellInput, CellMetrics, CellRecord, SentRequest } from '../types';
import { IDS_PER_FILTER, readAllPages, type StoreContext } from './context';
import { unwrap, unwrapRows } from './errors';
import { storedCellPlace } from '../cell-place';

/** Cells per upsert request: one statement (and one transaction) per batch. */
export const CELLS_PER_REQUEST = 500;

const modelRow = z.object({ id: z.string() });
const modelRunRow = z.object({ id: z.string(), run_id: z.string() });
const rowIndex = z.object({ id: z.string(), row_index: z.number().int() });

/**
 * Upsert on the unique key (run_model_id, owner_id, dataset_row_id), batch by batch: a retried
 * batch or a resumed run replaces cells instead of duplicating them. Only the columns written
 * here change on conflict, so a cell's manual grade is kept.
 */
export async function saveCells(ctx: StoreContext, cells: readonly CellInput[]): Promise<void> {
  const { rows: cellRows, messages } = cellsToRows(lastCellPerKey(cells));
  if (messages.length > 0) await saveMessages(ctx, messages);
  const rows = cellRows.map((row) => ({ owner_id: ctx.ownerId, ...row }));
  for (const batch of chunk(rows, CELLS_PER_REQUEST)) {
    unwrap(
      'save result cells',
      await ctx.client.from('run_cell').upsert(batch, { onConflict: 'run_model_id,owner_id,dataset_row_id' }),
    );
  }
}

/** run_model id → run id, for the models of `ids` (one read per hundred models). */
async function runIdsOfModels(ctx: StoreContext, ids: readonly string[]): Promise<Map<string, string>> {
  const runs = new Map<string, string>();
  for (const part of chunk([...new Set(ids)], IDS_PER_FILTER)) {
    const rows = unwrapRows('read run models', await ctx.client.from('run_model').select('id, run_id').eq('owner_id', ctx.ownerId).in('id', part));
    for (const row of z.array(modelRunRow).parse(rows)) runs.set(row.id, row.run_id);
  }
  return runs;
}

/** Each distinct message once per run; one already recorded is left as it is. */
async function saveMessages(ctx: StoreContext, messages: ReadonlyArray<{ run_model_id: string; body: string; hash: string }>): Promise<void> {
  const runOf = await runIdsOfModels(ctx, messages.map((m) => m.run_model_id));
  const byKey = new Map<string, { owner_id: string; run_id: string; body: string; hash: string }>();
  for (const { run_model_id, body, hash } of messages) {
    const runId = runOf.get(run_model_id);
    if (runId === undefined) throw new Error(`save result cells: run model ${run_model_id} is not in this project`);
    byKey.set(`${runId}\u0000${hash}`, { owner_id: ctx.ownerId, run_id: runId, body, hash });
  }
  for (const batch of chunk([...byKey.values()], CELLS_PER_REQUEST)) {
    unwrap('save the messages sent', await ctx.client.from('run_message').upsert(batch, { onConflict: 'run_id,owner_id,hash', ignoreDuplicates: true }));
  }
}

async function modelIds(ctx: StoreContext, runId: string): Promise<string[]> {
  const rows = unwrapRows(
    'read run models',
    await ctx.client.from('run_model').select('id').eq('owner_id', ctx.ownerId).eq('run_id', runId).order('position'),
  );
  return z.array(modelRow).parse(rows).map((row) => row.id);
}

async function cellsOfModel(ctx: StoreContext, modelId: string, columns: string): Promise<unknown[]> {
  return readAllPages(async (from, to) =>
    unwrapRows(
      'read result cells',
      await ctx.client.from('run_cell').select(columns).eq('owner_id', ctx.ownerId).eq('run_model_id', modelId).order('id').range(from, to),
    ),
  );
}

/** row_index of each dataset row the cells point at (one read per thousand rows). */
async function rowIndexes(ctx: StoreContext, cells: readonly CellRecord[]): Promise<Map<string, number>> {
  const ids = [...new Set(cells.map((c) => c.datasetRowId).filter((id): id is string => id !== null))];
  const indexes = new Map<string, number>();
  for (const part of chunk(ids, 100)) {
    const rows = unwrapRows(
      'read dataset row numbers',
      await ctx.client.from('dataset_row').select('id, row_index').eq('owner_id', ctx.ownerId).in('id', part),
    );
    for (const row of z.array(rowIndex).parse(rows)) indexes.set(row.id, row.row_index);
  }
  return indexes;
}

/** Ordered as the grid shows them: model by model, then by dataset row. */
export async function listCells(ctx: StoreContext, runId: string): Promise<CellRecord[]> {
  if (!isUuid(runId)) return [];
  const cells: CellRecord[] = [];
  for (const modelId of await modelIds(ctx, runId)) {
    const ofModel = (await cellsOfModel(ctx, modelId, '*')).map(cellFromRow);
    const indexes = await rowIndexes(ctx, ofModel);
    const position = (cell: CellRecord): number => (cell.datasetRowId === null ? -1 : (indexes.get(cell.datasetRowId) ?? Number.MAX_SAFE_INTEGER));
    cells.push(...ofModel.sort((a, b) => position(a) - position(b) || a.id.localeCompare(b.id)));
  }
  return cells;
}

/** Grouped by model in the run's order; within a model in no particular order. */
export async function listCellMetrics(ctx: StoreContext, runId: string): Promise<CellMetrics[]> {
  if (!isUuid(runId)) return [];
  const metrics: CellMetrics[] = [];
  for (const modelId of await modelIds(ctx, runId)) {
    for (const row of await cellsOfModel(ctx, modelId, CELL_METRICS_COLUMNS.join(', '))) metrics.push(cellMetricsFromRow(row));
  }
  return metrics;
}

/** Stored beside the automatic grade, never over it. */
export async function setManualGrade(
  ctx: StoreContext,
  cellId: string,
  grade: { score: number | null; pass: boolean | null; note: string | null },
): Promise<void> {
  const place = storedCellPlace(cellId);
  let update = ctx.client
    .from('run_cell')
    .update({ ...manualGradeToRow(grade, new Date()), manual_graded_by: ctx.ownerId })
    .eq('owner_id', ctx.ownerId);
  if (place) update = update.eq('run_model_id', place.runModelId);
  if (place) update = place.datasetRowId === null ? update.is('dataset_row_id', null) : update.eq('dataset_row_id', place.datasetRowId);
  const rows = place ? unwrapRows('save the manual grade', await update.select('id')) : [];
  if (z.array(modelRow).parse(rows).length === 0) {
    throw new UserError('store.not-found', `cell ${cellId} is not in this Supabase project (or not yours)`, {}, 'reopen the run; this cell may have been deleted');
  }
}

/** What the run's cells sent (those of `cellIds`, or all), by cell id. */
export async function listCellRequests(ctx: StoreContext, runId: string, cellIds?: readonly string[]): Promise<Map<string, SentRequest>> {
  if (!isUuid(runId)) return new Map();
  const cells = [];
  if (cellIds) {
    // a cell id is its place (see core/model/cell-id): the rows are looked up model by model
    const rowsByModel = new Map<string, { rows: string[]; noRow: boolean }>();
    const ofRun = new Set(await modelIds(ctx, runId));
    for (const place of cellIds.map(storedCellPlace)) {
      if (!place || !ofRun.has(place.runModelId)) continue;
      const wanted = rowsByModel.get(place.runModelId) ?? { rows: [], noRow: false };
      if (place.datasetRowId === null) wanted.noRow = true;
      else wanted.rows.push(place.datasetRowId);
      rowsByModel.set(place.runModelId, wanted);
    }
    const ofModel = () => ctx.client.from('run_cell').select(CELL_REQUEST_COLUMNS).eq('owner_id', ctx.ownerId).not('request', 'is', null);
    for (const [modelId, wanted] of rowsByModel) {
      if (wanted.noRow) cells.push(...unwrapRows('read the requests sent', await ofModel().eq('run_model_id', modelId).is('dataset_row_id', null)).map(cellRequestFromRow));
      for (const part of chunk(wanted.rows, IDS_PER_FILTER)) {
        cells.push(...unwrapRows('read the requests sent', await ofModel().eq('run_model_id', modelId).in('dataset_row_id', part)).map(cellRequestFromRow));
      }
    }
  } else {
    for (const modelId of await modelIds(ctx, runId)) {
      cells.push(...(await cellsOfModel(ctx, modelId, CELL_REQUEST_COLUMNS)).map(cellRequestFromRow).filter((cell) => cell.request !== null));
    }
  }
  const hashes = [...new Set(cells.flatMap((cell) => cell.request?.messages ?? []))];
  const bodies = new Map<string, string>();
  for (const part of chunk(hashes, IDS_PER_FILTER)) {
    const rows = unwrapRows('read the messages sent', await ctx.client.from('run_message').select('hash, body').eq('owner_id', ctx.ownerId).eq('run_id', runId).in('hash', part));
    for (const row of rows) {
      const { hash, body } = messageFromRow(row);
      bodies.set(hash, body);
    }
  }
  return sentRequests(cells, bodies);
}
