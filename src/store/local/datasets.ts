import { readDatasetRowPages } from '../dataset-row-pages';
import { DATASET_ROW_TUPLE_COLUMNS, datasetFromRow, datasetRowFromTuple, datasetToRow } from '../rows';
import type { CreateDatasetOptions, DatasetDeletion, DatasetRecord, DatasetRowRecord, JsonValue } from '../types';
import { datasetDeletionFromRow, datasetNotFound } from '../dataset-deletion';
import { chunk, isUuid, queryRows, type Database, type Queryable } from './db';
import { newRowId } from './ids';

/** Rows per insert statement: big enough to be cheap, small enough to bound one parameter. */
const ROWS_PER_STATEMENT = 1000;

/**
 * $1 ids, $2 owner (passed: the `auth.uid()` default would parse the JWT claims per row; the
 * insert policy still checks it), $3 dataset, $4 index of the first row, $5 the rows as one
 * JSON array (measured cheaper than a jsonb[] or text[] of rows).
 */
const INSERT_ROWS = `
  insert into public.dataset_row (id, owner_id, dataset_id, row_index, data_json)
  select ($1::uuid[])[e.n], $2::uuid, $3::uuid, $4::int + e.n::int - 1, e.data
  from jsonb_array_elements($5::jsonb) with ordinality as e (data, n)`;

/**
 * All rows or none: the batches are consumed inside one transaction. Other calls on the store
 * wait until it ends, so `rows` must not itself wait on the store.
 */
export function createDataset(
  db: Database,
  ownerId: string,
  input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
  rows: AsyncIterable<Array<Record<string, JsonValue>>>,
  options: CreateDatasetOptions = {},
): Promise<DatasetRecord> {
  const row = datasetToRow(input, options);
  return db.transaction(async (tx) => {
    const created = await tx.query<{ id: string }>(
      `insert into public.dataset (owner_id, name, file_path, columns, content_hash, size_bytes, source_path)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7) returning id`,
      [ownerId, row.name, row.file_path, JSON.stringify(row.columns), row.content_hash, row.size_bytes, row.source_path],
    );
    const datasetId = created.rows[0]?.id;
    if (datasetId === undefined) throw new Error('insert into dataset returned no id');

    let rowCount = 0;
    for await (const batch of rows) {
      for (const part of chunk(batch, ROWS_PER_STATEMENT)) {
        await tx.query(INSERT_ROWS, [
          part.map(() => newRowId()),
          ownerId,
          datasetId,
          rowCount,
          JSON.stringify(part),
        ]);
        rowCount += part.length;
      }
    }
    const done = await queryRows(tx, 'update public.dataset set row_count = $2 where id = $1 returning *', [
      datasetId,
      rowCount,
    ]);
    return datasetFromRow(done[0]);
  });
}

export async function getDataset(db: Queryable, id: string): Promise<DatasetRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows(db, "select * from public.dataset where id = $1 and status = 'ready'", [id]);
  return rows.length > 0 ? datasetFromRow(rows[0]) : null;
}

/** Ready datasets only: a deleted one stays for the runs that used it, out of sight. */
export async function listDatasets(db: Queryable): Promise<DatasetRecord[]> {
  const rows = await queryRows(db, "select * from public.dataset where status = 'ready' order by created_at desc, name");
  return rows.map(datasetFromRow);
}

export async function findDatasetByContentHash(db: Queryable, contentHash: string): Promise<DatasetRecord | null> {
  const rows = await queryRows(db, "select * from public.dataset where content_hash = $1 and status = 'ready'", [contentHash]);
  return rows.length > 0 ? datasetFromRow(rows[0]) : null;
}

export async function countDatasetRuns(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.query<{ dataset_id: string; run_count: number }>('select dataset_id, run_count from public.dataset_run_count');
  return new Map(rows.rows.map((r) => [r.dataset_id, r.run_count]));
}

/** See `delete_dataset()` in supabase/migrations/20261207130000_dataset_versions.sql. */
export async function deleteDataset(db: Queryable, id: string): Promise<DatasetDeletion> {
  return datasetDeletionFromRow(await deletedRow(db, id), null);
}

async function deletedRow(db: Queryable, id: string): Promise<unknown> {
  if (!isUuid(id)) throw datasetNotFound(id);
  try {
    const result = await db.query('select * from public.delete_dataset($1)', [id]);
    return result.rows[0];
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'P0002') throw datasetNotFound(id);
    throw error;
  }
}

/** Rows per read: bounds the text (and the memory) one query builds, whatever the dataset's size. */
const ROWS_PER_READ = 5000;

/**
 * A page of rows as one JSON array of arrays, built in the database: one text to hand over and
 * one JSON.parse, instead of a protocol row and a JSON.parse per row. Pages after the first
 * continue from the last row_index read (the (dataset_id, owner_id, row_index) key keeps that
 * an index range).
 */
const DATASET_ROWS_PAGE = `
  select json_agg(json_build_array(${DATASET_ROW_TUPLE_COLUMNS.map((c) => `r.${c}`).join(', ')}) order by r.row_index)::text as rows from (
    select id, row_index, data_json from public.dataset_row
    where dataset_id = $1 and row_index > $2 order by row_index offset $3 limit $4
  ) r`;

export async function getDatasetRows(
  db: Queryable,
  datasetId: string,
  options: { offset?: number; limit?: number } = {},
): Promise<DatasetRowRecord[]> {
  if (!isUuid(datasetId)) return [];
  return readDatasetRowPages(options, ROWS_PER_READ, async (afterIndex, skip, wanted) => {
    const result = await db.query<{ rows: string | null }>(DATASET_ROWS_PAGE, [datasetId, afterIndex, skip, wanted]);
    return parsePage(datasetId, result.rows[0]?.rows ?? null);
  });
}

function parsePage(datasetId: string, json: string | null): DatasetRowRecord[] {
  if (json === null) return [];
  const tuples: unknown = JSON.parse(json);
  if (!Array.isArray(tuples)) throw new Error('dataset_row: expected a JSON array');
  return tuples.map((tuple: unknown) => datasetRowFromTuple(datasetId, tuple));
}
