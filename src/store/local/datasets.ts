import { datasetFromRow, datasetRowFromRow, datasetToRow } from '../rows';
import type { DatasetRecord, DatasetRowRecord, JsonValue } from '../types';
import { chunk, isUuid, queryRows, type Database, type Queryable } from './db';

/** Rows per insert statement: big enough to be cheap, small enough to bound one parameter. */
const ROWS_PER_STATEMENT = 1000;

/**
 * All rows or none: the batches are consumed inside one transaction. Other calls on the store
 * wait until it ends, so `rows` must not itself wait on the store.
 */
export function createDataset(
  db: Database,
  input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
  rows: AsyncIterable<Array<Record<string, JsonValue>>>,
): Promise<DatasetRecord> {
  const row = datasetToRow(input);
  return db.transaction(async (tx) => {
    const created = await tx.query<{ id: string }>(
      'insert into public.dataset (name, file_path, columns) values ($1, $2, $3::jsonb) returning id',
      [row.name, row.file_path, JSON.stringify(row.columns)],
    );
    const datasetId = created.rows[0]?.id;
    if (datasetId === undefined) throw new Error('insert into dataset returned no id');

    let rowCount = 0;
    for await (const batch of rows) {
      for (const part of chunk(batch, ROWS_PER_STATEMENT)) {
        await tx.query(
          `insert into public.dataset_row (dataset_id, row_index, data_json)
           select $1, $2::int + e.ordinality::int - 1, e.value
           from jsonb_array_elements($3::jsonb) with ordinality as e (value, ordinality)`,
          [datasetId, rowCount, JSON.stringify(part)],
        );
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
  const rows = await queryRows(db, 'select * from public.dataset where id = $1', [id]);
  return rows.length > 0 ? datasetFromRow(rows[0]) : null;
}

export async function listDatasets(db: Queryable): Promise<DatasetRecord[]> {
  const rows = await queryRows(db, 'select * from public.dataset order by created_at desc, name');
  return rows.map(datasetFromRow);
}

export async function getDatasetRows(
  db: Queryable,
  datasetId: string,
  options: { offset?: number; limit?: number } = {},
): Promise<DatasetRowRecord[]> {
  if (!isUuid(datasetId)) return [];
  const rows = await queryRows(
    db,
    `select id, dataset_id, row_index, data_json from public.dataset_row
     where dataset_id = $1 order by row_index offset $2 limit $3`,
    [datasetId, options.offset ?? 0, options.limit ?? null],
  );
  return rows.map(datasetRowFromRow);
}
