import { isUuid } from '../local/db';
import { pairwiseFromRow, pairwiseToRow } from '../pairwise-rows';
import type { PairwiseComparisonInput, PairwiseComparisonRecord } from '../types';
import { readAllPages, type StoreContext } from './context';
import { unwrap, unwrapRows } from './errors';

export async function savePairwiseComparison(ctx: StoreContext, input: PairwiseComparisonInput): Promise<PairwiseComparisonRecord> {
  const row = unwrap(
    'store the pairwise judgment',
    await ctx.client.from('pairwise_comparison').insert({ owner_id: ctx.ownerId, ...pairwiseToRow(input) }).select('*').single(),
  );
  return pairwiseFromRow(row);
}

export async function listPairwiseComparisons(ctx: StoreContext, runId: string): Promise<PairwiseComparisonRecord[]> {
  if (!isUuid(runId)) return [];
  const rows = await readAllPages(async (from, to) =>
    unwrapRows(
      'read pairwise judgments',
      await ctx.client
        .from('pairwise_comparison')
        .select('*')
        .eq('owner_id', ctx.ownerId)
        .or(`run_id.eq.${runId},baseline_run_id.eq.${runId}`)
        .order('created_at', { ascending: false })
        .order('id')
        .range(from, to),
    ),
  );
  return rows.map(pairwiseFromRow);
}
