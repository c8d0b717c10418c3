import { UserError } from '../../core/errors';
import { cellFromRow, cellToRow, lastCellPerKey, manualGradeToRow } from '../rows';
import type { CellInput, CellRecord } from '../types';
import { chunk, isUuid, queryRows, type Database, type Queryable } from './db';

/** Cells per upsert statement: one statement per batch keeps persistence far below 0.1 ms a cell. */
export const CELLS_PER_STATEMENT = 500;

const UPSERT_CELLS = `
  insert into public.run_cell (
    run_model_id, dataset_row_id, status, output_text, error_text, latency_ms, tokens_in, tokens_out,
    tokens_cached, cost_usd, grade_score, grade_pass, grade_reason, grades, request_messages, attempts,
    provider_timing, simulated)
  select
    run_model_id, dataset_row_id, status, output_text, error_text, latency_ms, tokens_in, tokens_out,
    tokens_cached, cost_usd, grade_score, grade_pass, grade_reason, grades, request_messages, attempts,
    provider_timing, simulated
  from jsonb_to_recordset($1::jsonb) as c (
    run_model_id uuid, dataset_row_id uuid, status text, output_text text, error_text text, latency_ms int,
    tokens_in int, tokens_out int, tokens_cached int, cost_usd numeric, grade_score double precision,
    grade_pass boolean, grade_reason text, grades jsonb, request_messages jsonb, attempts int,
    provider_timing jsonb, simulated boolean)
  on conflict (run_model_id, dataset_row_id) do update set
    status = excluded.status, output_text = excluded.output_text, error_text = excluded.error_text,
    latency_ms = excluded.latency_ms, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out,
    tokens_cached = excluded.tokens_cached, cost_usd = excluded.cost_usd, grade_score = excluded.grade_score,
    grade_pass = excluded.grade_pass, grade_reason = excluded.grade_reason, grades = excluded.grades,
    request_messages = excluded.request_messages, attempts = excluded.attempts,
    provider_timing = excluded.provider_timing, simulated = excluded.simulated`;

/**
 * Upsert on (run model, dataset row): a retried batch or a resumed run replaces cells instead
 * of duplicating them. The manual grade of an existing cell is kept.
 */
export async function saveCells(db: Database, cells: readonly CellInput[]): Promise<void> {
  const batches = chunk(lastCellPerKey(cells).map(cellToRow), CELLS_PER_STATEMENT);
  const write = async (target: Queryable): Promise<void> => {
    for (const batch of batches) await target.query(UPSERT_CELLS, [JSON.stringify(batch)]);
  };
  if (batches.length <= 1) await write(db);
  else await db.transaction(write);
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

/** Stored beside the automatic grade, never over it. */
export async function setManualGrade(
  db: Queryable,
  cellId: string,
  grade: { score: number | null; pass: boolean | null; note: string | null },
): Promise<void> {
  const row = manualGradeToRow(grade, new Date());
  const rows = isUuid(cellId)
    ? await queryRows(
        db,
        `update public.run_cell
         set manual_score = $2, manual_pass = $3, manual_note = $4, manual_graded_at = $5,
             manual_graded_by = (select auth.uid())
         where id = $1 returning id`,
        [cellId, row.manual_score, row.manual_pass, row.manual_note, row.manual_graded_at],
      )
    : [];
  if (rows.length === 0) {
    throw new UserError('store.not-found', `cell ${cellId} is not in the local store`, {}, 'reopen the run; this cell may have been deleted');
  }
}
