import { UserError } from '../../core/errors';
import { CELL_REQUEST_COLUMNS, cellRequestFromRow, messageFromRow, sentRequests, type MessageWriteRow } from '../request-record';
import {
  CELL_METRICS_COLUMNS,
  cellFromRow,
  cellMetricsFromTuple,
  cellsToRows,
  lastCellPerKey,
  manualGradeToRow,
  type CellWriteRow,
} from '../rows';
import type { CellInput, CellMetrics, CellRecord, SentRequest } from '../types';
import { chunk, isUuid, queryRows, type Database, type Queryable } from './db';
import { newRowId } from './ids';
import { storedCellPlace } from '../cell-place';

/** Cells per upsert statement: one statement per batch keeps the per-statement cost small. */
export const CELLS_PER_STATEMENT = 500;

/**
 * The columns `saveCells` writes, each with the Postgres type its array travels as. A batch
 * goes as one array per column through `unnest`: cheaper to decode than one jsonb document
 * of the whole batch, which Postgres would parse into a tree before taking it apart again.
 */
const CELL_COLUMN_TYPES = {
  run_model_id: 'uuid',
  dataset_row_id: 'uuid',
  status: 'text',
  output_text: 'text',
  error_text: 'text',
  latency_ms: 'int',
  tokens_in: 'int',
  tokens_out: 'int',
  tokens_cached: 'int',
  cost_usd: 'numeric',
  grade_score: 'float8',
  grade_pass: 'boolean',
  grade_reason: 'text',
  grades: 'jsonb',
  attempts: 'int',
  provider_timing: 'jsonb',
  simulated: 'boolean',
  samples: 'jsonb',
  request: 'jsonb',
} as const satisfies Record<keyof CellWriteRow, string>;

const CELL_COLUMNS = Object.keys(CELL_COLUMN_TYPES) as Array<keyof CellWriteRow>;
const UPDATED_ON_CONFLICT = CELL_COLUMNS.filter((c) => c !== 'run_model_id' && c !== 'dataset_row_id');

/**
 * $1 ids, $2 owner, then one array per column. The owner is passed, not left to its default
 * (`auth.uid()` parses the JWT claims once per row); the insert policy still checks it.
 * The conflict target is the unique key (run_model_id, owner_id, dataset_row_id).
 */
const UPSERT_CELLS = `
  insert into public.run_cell (id, owner_id, ${CELL_COLUMNS.join(', ')})
  select c.id, $2::uuid, ${CELL_COLUMNS.map((c) => `c.${c}`).join(', ')}
  from unnest($1::uuid[], ${CELL_COLUMNS.map((c, i) => `$${i + 3}::${CELL_COLUMN_TYPES[c]}[]`).join(', ')})
    as c (id, ${CELL_COLUMNS.join(', ')})
  on conflict (run_model_id, owner_id, dataset_row_id) do update set
    ${UPDATED_ON_CONFLICT.map((c) => `${c} = excluded.${c}`).join(', ')}`;

function upsertParams(ownerId: string, rows: readonly CellWriteRow[]): unknown[] {
  const columns = CELL_COLUMNS.map((column) =>
    CELL_COLUMN_TYPES[column] === 'jsonb'
      ? // serialized here: PGlite would take a nested JS array for a second array dimension;
        // a null stays SQL null (JSON "null" is a value)
        rows.map((row) => (row[column] === null ? null : JSON.stringify(row[column])))
      : rows.map((row) => row[column]),
  );
  return [rows.map(() => newRowId()), ownerId, ...columns];
}

/** One row per distinct message of a run (run_id read from the run model); known ones are left as they are. */
const INSERT_MESSAGES = `
  insert into public.run_message (owner_id, run_id, body, hash)
  select distinct on (m.run_id, x.hash) $1::uuid, m.run_id, x.body, x.hash
  from unnest($2::uuid[], $3::text[], $4::text[]) as x (run_model_id, body, hash)
  join public.run_model m on m.id = x.run_model_id
  on conflict (run_id, owner_id, hash) do nothing`;

function messageParams(ownerId: string, messages: readonly MessageWriteRow[]): unknown[] {
  return [ownerId, messages.map((m) => m.run_model_id), messages.map((m) => m.body), messages.map((m) => m.hash)];
}

/**
 * Upsert on (run model, dataset row): a retried batch or a resumed run replaces cells instead
 * of duplicating them. The manual grade of an existing cell is kept. The messages the cells'
 * requests name are recorded first, in the same transaction.
 */
export async function saveCells(db: Database, ownerId: string, cells: readonly CellInput[]): Promise<void> {
  const { rows, messages } = cellsToRows(lastCellPerKey(cells));
  const batches = chunk(rows, CELLS_PER_STATEMENT);
  const write = async (target: Queryable): Promise<void> => {
    for (const part of chunk(messages, CELLS_PER_STATEMENT)) await target.query(INSERT_MESSAGES, messageParams(ownerId, part));
    for (const batch of batches) await target.query(UPSERT_CELLS, upsertParams(ownerId, batch));
  };
  if (batches.length <= 1 && messages.length === 0) await write(db);
  else await db.transaction(write);
}

/** What the run's cells sent (those of `cellIds`, or all), by cell id. */
export async function listCellRequests(db: Queryable, runId: string, cellIds?: readonly string[]): Promise<Map<string, SentRequest>> {
  if (!isUuid(runId)) return new Map();
  const ids = cellIds?.filter((id) => storedCellPlace(id) !== null) ?? null;
  const cells = (
    await queryRows(
      db,
      // the cell id is its place (see core/model/cell-id)
      `select ${CELL_REQUEST_COLUMNS} from public.run_cell c join public.run_model m on m.id = c.run_model_id
       where m.run_id = $1 and c.request is not null
         and ($2::text[] is null or (c.run_model_id::text || ':' || coalesce(c.dataset_row_id::text, '-')) = any($2::text[]))`,
      [runId, ids],
    )
  ).map(cellRequestFromRow);
  const hashes = [...new Set(cells.flatMap((cell) => cell.request?.messages ?? []))];
  const bodies = new Map<string, string>();
  if (hashes.length > 0) {
    const rows = await queryRows(db, 'select hash, body from public.run_message where run_id = $1 and hash = any($2::text[])', [runId, hashes]);
    for (const row of rows) {
      const { hash, body } = messageFromRow(row);
      bodies.set(hash, body);
    }
  }
  return sentRequests(cells, bodies);
}

/** Ordered as the grid shows them: model by model, then by dataset row. */
export async function listCells(db: Queryable, runId: string): Promise<CellRecord[]> {
  if (!isUuid(runId)) return [];
  const rows = await queryRows(
    db,
    `select c.* from public.run_cell c
     join public.run_model m on m.id = c.run_model_id
     left join public.dataset_row d on d.id = c.dataset_row_id
     where m.run_id = $1
     order by m.position, d.row_index nulls first, c.id`,
    [runId],
  );
  return rows.map(cellFromRow);
}

/**
 * The cells of one model as one JSON array of arrays, built in the database: handing over one
 * text is far cheaper than one protocol row per cell, and arrays are half the size of objects
 * (measured on 15,000 cells: about half the CPU and half the memory of reading rows). One
 * query per model keeps the largest text, and so the memory it takes, to one model's cells.
 * Not sorted by dataset row: that costs a join per cell, and no caller of this needs it.
 */
const CELL_METRICS_OF_MODEL = `
  select json_agg(json_build_array(${CELL_METRICS_COLUMNS.map((column) => `c.${column}`).join(', ')}))::text as cells
  from public.run_cell c where c.run_model_id = $1`;

export async function listCellMetrics(db: Queryable, runId: string): Promise<CellMetrics[]> {
  if (!isUuid(runId)) return [];
  const models = await db.query<{ id: string }>('select id from public.run_model where run_id = $1 order by position', [runId]);
  const metrics: CellMetrics[] = [];
  for (const { id } of models.rows) {
    const result = await db.query<{ cells: string | null }>(CELL_METRICS_OF_MODEL, [id]);
    const cells = result.rows[0]?.cells ?? null;
    if (cells === null) continue;
    const tuples: unknown = JSON.parse(cells);
    if (!Array.isArray(tuples)) throw new Error('run_cell metrics: expected a JSON array');
    for (const tuple of tuples) metrics.push(cellMetricsFromTuple(tuple));
  }
  return metrics;
}

/** Stored beside the automatic grade, never over it. */
export async function setManualGrade(
  db: Queryable,
  cellId: string,
  grade: { score: number | null; pass: boolean | null; note: string | null },
): Promise<void> {
  const row = manualGradeToRow(grade, new Date());
  const place = storedCellPlace(cellId);
  const rows = place
    ? await queryRows(
        db,
        `update public.run_cell
         set manual_score = $3, manual_pass = $4, manual_note = $5, manual_graded_at = $6,
             manual_graded_by = (select auth.uid())
         where run_model_id = $1 and (dataset_row_id = $2 or ($2::uuid is null and dataset_row_id is null)) returning id`,
        [place.runModelId, place.datasetRowId, row.manual_score, row.manual_pass, row.manual_note, row.manual_graded_at],
      )
    : [];
  if (rows.length === 0) {
    throw new UserError('store.not-found', `cell ${cellId} is not in the local store`, {}, 'reopen the run; this cell may have been deleted');
  }
}
