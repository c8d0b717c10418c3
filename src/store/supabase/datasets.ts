/**
 * Datasets over the Data API and Storage. A dataset is created `importing` (invisible to
 * lists), its file goes to Storage, its rows arrive in batches through `append_dataset_rows`,
 * and `finish_dataset_import` makes it `ready` in one statement once the row count checks out.
 * If anything fails, the dataset (its rows cascade) and the Storage object are removed again,
 * so from the user's point of view the import is all or nothing (see the migration
 * 20261126000000_dataset_storage_and_import.sql).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readDatasetRowPages } from '../dataset-row-pages';
import { isUuid } from '../local/db';
import { datasetFromRow, datasetRowFromRow, datasetToRow } from '../rows';
import { datasetDeletionFromRow, datasetNotFound } from '../dataset-deletion';
import type { CreateDatasetOptions, DatasetDeletion, DatasetRecord, DatasetRowRecord, JsonValue } from '../types';
import { readAllPages, ROWS_PER_PAGE, type StoreContext } from './context';
import { isRetryable, storeError, unwrap, unwrapRows } from './errors';

export const DATASET_BUCKET = 'datasets';

/** Rows per append request: about 1 MB of JSON for typical rows, one statement each. */
export const ROWS_PER_REQUEST = 5000;

/** Attempts per batch when the network or the server fails (a retried batch is idempotent). */
const ATTEMPTS_PER_BATCH = 3;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
};

/** `<owner_id>/<dataset_id>/<file name>`: the first folder is what the Storage policies check. */
export function datasetObjectKey(ownerId: string, datasetId: string, fileName: string): string {
  return `${ownerId}/${datasetId}/${path.basename(fileName)}`;
}

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS_PER_BATCH || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function uploadFile(ctx: StoreContext, key: string, sourceFile: string): Promise<void> {
  const bytes = await readFile(sourceFile);
  const contentType = CONTENT_TYPES[path.extname(sourceFile).toLowerCase()] ?? 'application/octet-stream';
  const { error } = await ctx.client.storage.from(DATASET_BUCKET).upload(key, bytes, { contentType, upsert: false });
  if (error) throw storeError('upload the dataset file to Storage', error);
}

const appendedCount = z.number().int().nonnegative();

async function appendRows(ctx: StoreContext, datasetId: string, firstIndex: number, rows: ReadonlyArray<Record<string, JsonValue>>) {
  const written = unwrap(
    'store dataset rows',
    await ctx.client.rpc('append_dataset_rows', {
      target_dataset_id: datasetId,
      first_row_index: firstIndex,
      new_rows: JSON.stringify(rows),
    }),
  );
  const count = appendedCount.parse(written);
  if (count !== rows.length) throw storeError('store dataset rows', new Error(`stored ${count} of ${rows.length} rows`));
}

/** Best effort: the original failure is what the caller needs to see. */
async function removeImport(ctx: StoreContext, datasetId: string, objectKey: string | null): Promise<string[]> {
  const problems: string[] = [];
  const deleted = await ctx.client.from('dataset').delete().eq('owner_id', ctx.ownerId).eq('id', datasetId);
  if (deleted.error) problems.push(`the dataset row stays (${deleted.error.message})`);
  if (objectKey !== null) {
    const removed = await ctx.client.storage.from(DATASET_BUCKET).remove([objectKey]);
    if (removed.error) problems.push(`the Storage object ${objectKey} stays (${removed.error.message})`);
  }
  return problems;
}

/**
 * A run's copy of the dataset, once no run reads it any more (its run was deleted): the rows
 * cascade, the uploaded file goes too. Best effort for the file: the rows are what matter.
 */
export async function deleteUnusedDataset(ctx: StoreContext, datasetId: string): Promise<void> {
  const users = unwrapRows('find the runs of a dataset', await ctx.client.from('run').select('id').eq('owner_id', ctx.ownerId).eq('dataset_id', datasetId).limit(1));
  if (users.length > 0) return;
  const found = unwrap('read a dataset', await ctx.client.from('dataset').select('id, file_path').eq('owner_id', ctx.ownerId).eq('id', datasetId).maybeSingle());
  const dataset = z.object({ id: z.string(), file_path: z.string() }).nullable().parse(found);
  if (!dataset) return;
  const problems = await removeImport(ctx, dataset.id, dataset.file_path.startsWith(`${ctx.ownerId}/${dataset.id}/`) ? dataset.file_path : null);
  if (problems.length > 0) throw storeError('delete the dataset copy of a run', new Error(problems.join('; ')));
}

/** An import older than this was abandoned (its client crashed or lost the network for good). */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

const abandonedImport = z.object({ id: z.string(), file_path: z.string() });

/**
 * Removes the caller's imports abandoned long ago, and their files: best effort, before each
 * new import, so an import that could not clean up after itself does not stay forever.
 */
async function removeAbandonedImports(ctx: StoreContext): Promise<void> {
  const before = new Date(Date.now() - ABANDONED_AFTER_MS).toISOString();
  const found = await ctx.client
    .from('dataset')
    .select('id, file_path')
    .eq('owner_id', ctx.ownerId)
    .eq('status', 'importing')
    .lt('created_at', before)
    .limit(100);
  const parsed = z.array(abandonedImport).safeParse(found.data);
  if (found.error || !parsed.success) return;
  for (const stale of parsed.data) {
    await removeImport(ctx, stale.id, stale.file_path.startsWith(`${ctx.ownerId}/${stale.id}/`) ? stale.file_path : null);
  }
}

export async function createDataset(
  ctx: StoreContext,
  input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
  rows: AsyncIterable<Array<Record<string, JsonValue>>>,
  options: CreateDatasetOptions = {},
): Promise<DatasetRecord> {
  await removeAbandonedImports(ctx);
  const datasetId = randomUUID();
  const objectKey = options.sourceFile ? datasetObjectKey(ctx.ownerId, datasetId, options.sourceFile) : null;
  const row = datasetToRow({ ...input, filePath: objectKey ?? input.filePath }, options);
  unwrap(
    'create the dataset',
    await ctx.client.from('dataset').insert({ id: datasetId, owner_id: ctx.ownerId, ...row, status: 'importing' }),
  );

  let uploaded = false;
  try {
    if (objectKey !== null && options.sourceFile) {
      await uploadFile(ctx, objectKey, options.sourceFile);
      uploaded = true;
    }
    let rowCount = 0;
    const pending: Array<Record<string, JsonValue>> = [];
    const send = async (part: Array<Record<string, JsonValue>>): Promise<void> => {
      const first = rowCount;
      rowCount += part.length;
      await withRetries(() => appendRows(ctx, datasetId, first, part));
    };
    for await (const batch of rows) {
      for (const item of batch) pending.push(item);
      while (pending.length >= ROWS_PER_REQUEST) await send(pending.splice(0, ROWS_PER_REQUEST));
    }
    if (pending.length > 0) await send(pending.splice(0));
    const finished = await withRetries(async () =>
      unwrap(
        'finish the dataset import',
        await ctx.client.rpc('finish_dataset_import', { target_dataset_id: datasetId, expected_row_count: rowCount }).single(),
      ),
    );
    return datasetFromRow(finished);
  } catch (error) {
    const problems = await removeImport(ctx, datasetId, uploaded ? objectKey : null);
    if (problems.length > 0 && error instanceof Error) error.message += `; cleanup incomplete: ${problems.join('; ')}`;
    throw error;
  }
}

export async function getDataset(ctx: StoreContext, id: string): Promise<DatasetRecord | null> {
  if (!isUuid(id)) return null;
  const row = unwrap(
    'read a dataset',
    await ctx.client.from('dataset').select('*').eq('owner_id', ctx.ownerId).eq('id', id).eq('status', 'ready').maybeSingle(),
  );
  return row === null ? null : datasetFromRow(row);
}

export async function listDatasets(ctx: StoreContext): Promise<DatasetRecord[]> {
  const rows = await readAllPages(async (from, to) =>
    unwrapRows(
      'list datasets',
      await ctx.client
        .from('dataset')
        .select('*')
        .eq('owner_id', ctx.ownerId)
        .eq('status', 'ready')
        .order('created_at', { ascending: false })
        .order('name')
        .order('id')
        .range(from, to),
    ),
  );
  return rows.map(datasetFromRow);
}

/**
 * Rows ordered by row_index, a page of at most `ROWS_PER_PAGE` per request; pages after the
 * first continue from the last row_index read (an index range, however deep).
 */
export async function getDatasetRows(
  ctx: StoreContext,
  datasetId: string,
  options: { offset?: number; limit?: number } = {},
): Promise<DatasetRowRecord[]> {
  if (!isUuid(datasetId)) return [];
  return readDatasetRowPages(options, ROWS_PER_PAGE, async (afterIndex, skip, wanted) =>
    unwrapRows(
      'read dataset rows',
      await ctx.client
        .from('dataset_row')
        .select('id, dataset_id, row_index, data_json')
        .eq('owner_id', ctx.ownerId)
        .eq('dataset_id', datasetId)
        .gt('row_index', afterIndex)
        .order('row_index')
        .range(skip, skip + wanted - 1),
    ).map(datasetRowFromRow),
  );
}

export async function findDatasetByContentHash(ctx: StoreContext, contentHash: string): Promise<DatasetRecord | null> {
  const row = unwrap(
    'find a dataset by its content',
    await ctx.client
      .from('dataset')
      .select('*')
      .eq('owner_id', ctx.ownerId)
      .eq('content_hash', contentHash)
      .eq('status', 'ready')
      .maybeSingle(),
  );
  return row === null ? null : datasetFromRow(row);
}

const runCountRow = z.object({ dataset_id: z.string(), run_count: z.number().int() });

export async function countDatasetRuns(ctx: StoreContext): Promise<Map<string, number>> {
  const rows = await readAllPages(async (from, to) =>
    unwrapRows(
      'count the runs of each dataset',
      await ctx.client
        .from('dataset_run_count')
        .select('dataset_id, run_count')
        .eq('owner_id', ctx.ownerId)
        .order('dataset_id')
        .range(from, to),
    ),
  );
  return new Map(rows.map((row) => runCountRow.parse(row)).map((r) => [r.dataset_id, r.run_count]));
}

/**
 * `delete_dataset()` (rows no cell uses, and the dataset unless runs used it), then the
 * dataset's Storage object. A Storage failure is reported after the rows are gone: the rows
 * are what the user asked to remove, and the object's key is in the message.
 */
export async function deleteDataset(ctx: StoreContext, id: string): Promise<DatasetDeletion> {
  const dataset = await getDataset(ctx, id);
  if (dataset === null) throw datasetNotFound(id);
  const row = unwrap('delete the dataset', await ctx.client.rpc('delete_dataset', { target_dataset_id: id }).single());
  const key = dataset.filePath.startsWith(`${ctx.ownerId}/${id}/`) ? dataset.filePath : null;
  if (key !== null) {
    const removed = await ctx.client.storage.from(DATASET_BUCKET).remove([key]);
    if (removed.error) throw storeError(`remove the Storage object ${key} (the dataset's rows are deleted)`, removed.error);
  }
  return datasetDeletionFromRow(row, key);
}
