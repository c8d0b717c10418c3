import { UserError } from '../../core/errors';
import type { RunBatchInput, RunBatchRecord, RunBatchUpdate } from '../../core/ports/batch-store';
import { isUuid } from '../local/db';
import { runBatchFromRow, runBatchToRow, runBatchUpdateToRow } from '../run-batch-rows';
import type { StoreContext } from './context';
import { unwrap, unwrapRows } from './errors';

export async function createRunBatch(ctx: StoreContext, input: RunBatchInput): Promise<RunBatchRecord> {
  const row = unwrap('record the batch', await ctx.client.from('run_batch').insert({ owner_id: ctx.ownerId, ...runBatchToRow(input) }).select('*').single());
  return runBatchFromRow(row);
}

export async function updateRunBatch(ctx: StoreContext, id: string, update: RunBatchUpdate): Promise<RunBatchRecord> {
  const rows = isUuid(id)
    ? unwrapRows('update the batch', await ctx.client.from('run_batch').update(runBatchUpdateToRow(update)).eq('owner_id', ctx.ownerId).eq('id', id).select('*'))
    : [];
  if (rows.length === 0) throw new UserError('store.not-found', `batch record ${id} is not in this Supabase project (or not yours)`, {}, 'list the run\'s batches with `refinery runs show RUN_ID`');
  return runBatchFromRow(rows[0]);
}

export async function listRunBatches(ctx: StoreContext, runId: string): Promise<RunBatchRecord[]> {
  if (!isUuid(runId)) return [];
  const rows = unwrapRows('read the run\'s batches', await ctx.client.from('run_batch').select('*').eq('owner_id', ctx.ownerId).eq('run_id', runId).order('position'));
  return rows.map(runBatchFromRow);
}
