import type { RunBatchInput, RunBatchRecord, RunBatchUpdate } from '../../core/ports/batch-store';
import { runBatchFromRow, runBatchToRow, runBatchUpdateToRow } from '../run-batch-rows';
import { UserError } from '../../core/errors';
import { isUuid, queryRows, type Queryable } from './db';

export async function createRunBatch(db: Queryable, ownerId: string, input: RunBatchInput): Promise<RunBatchRecord> {
  const row = runBatchToRow(input);
  const rows = await queryRows(
    db,
    `insert into public.run_batch (owner_id, run_id, run_model_id, provider, position, input_file_id, completion_window, line_count)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
    [ownerId, row.run_id, row.run_model_id, row.provider, row.position, row.input_file_id, row.completion_window, row.line_count],
  );
  return runBatchFromRow(rows[0]);
}

export async function updateRunBatch(db: Queryable, id: string, update: RunBatchUpdate): Promise<RunBatchRecord> {
  const columns = Object.entries(runBatchUpdateToRow(update));
  const sets = columns.map(([column], index) => `${column} = $${index + 2}`);
  const rows = isUuid(id)
    ? await queryRows(db, `update public.run_batch set ${sets.length > 0 ? sets.join(', ') : 'id = id'} where id = $1 returning *`, [id, ...columns.map(([, value]) => value)])
    : [];
  if (rows.length === 0) throw new UserError('store.not-found', `batch record ${id} is not in the local store`, {}, 'list the run\'s batches with `refinery runs show RUN_ID`');
  return runBatchFromRow(rows[0]);
}

export async function listRunBatches(db: Queryable, runId: string): Promise<RunBatchRecord[]> {
  if (!isUuid(runId)) return [];
  const rows = await queryRows(db, 'select * from public.run_batch where run_id = $1 order by position', [runId]);
  return rows.map(runBatchFromRow);
}
