import { pairwiseFromRow, pairwiseToRow } from '../pairwise-rows';
import type { PairwiseComparisonInput, PairwiseComparisonRecord } from '../types';
import { isUuid, queryRows, type Queryable } from './db';

export async function savePairwiseComparison(db: Queryable, input: PairwiseComparisonInput): Promise<PairwiseComparisonRecord> {
  const row = pairwiseToRow(input);
  const rows = await queryRows(
    db,
    `insert into public.pairwise_comparison (run_id, baseline_run_id, label, grader_path, grader_text, judge, summary, pairs, cost_usd)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
     returning *`,
    [row.run_id, row.baseline_run_id, row.label, row.grader_path, row.grader_text, row.judge, JSON.stringify(row.summary), JSON.stringify(row.pairs), row.cost_usd],
  );
  return pairwiseFromRow(rows[0]);
}

export async function listPairwiseComparisons(db: Queryable, runId: string): Promise<PairwiseComparisonRecord[]> {
  if (!isUuid(runId)) return [];
  const rows = await queryRows(
    db,
    'select * from public.pairwise_comparison where run_id = $1 or baseline_run_id = $1 order by created_at desc, id',
    [runId],
  );
  return rows.map(pairwiseFromRow);
}
