/** The `pairwise_comparison` row ↔ `PairwiseComparisonRecord`, for both backends (see `rows.ts`). */
import { z } from 'zod';
import { jsonObject, jsonValue, numeric, timestamp } from './rows';
import type { PairwiseComparisonInput, PairwiseComparisonRecord } from './types';

const pairwiseTable = z.object({
  id: z.string(),
  run_id: z.string(),
  baseline_run_id: z.string(),
  label: z.string(),
  grader_path: z.string(),
  grader_text: z.string(),
  judge: z.string(),
  summary: jsonObject,
  pairs: z.array(jsonValue),
  cost_usd: numeric.nullable(),
  created_at: timestamp,
});

export function pairwiseFromRow(row: unknown): PairwiseComparisonRecord {
  const r = pairwiseTable.parse(row);
  return {
    id: r.id,
    runId: r.run_id,
    baselineRunId: r.baseline_run_id,
    label: r.label,
    graderPath: r.grader_path,
    graderText: r.grader_text,
    judge: r.judge,
    summary: r.summary,
    pairs: r.pairs,
    costUsd: r.cost_usd,
    createdAt: r.created_at,
  };
}

export function pairwiseToRow(input: PairwiseComparisonInput) {
  return {
    run_id: input.runId,
    baseline_run_id: input.baselineRunId,
    label: input.label,
    grader_path: input.graderPath,
    grader_text: input.graderText,
    judge: input.judge,
    summary: input.summary,
    pairs: input.pairs,
    cost_usd: input.costUsd,
  };
}
