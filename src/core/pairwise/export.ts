/** Pairwise judgments as flat records: the stored `pairs`, and the CSV/JSON/JSONL export. */
import { z } from 'zod';
import type { ExportRow } from '../export/export-rows';
import type { JsonValue } from '../model';
import type { OrderVerdict, PairJudgment } from './judgment';
import type { PairwiseSummary } from './summary';

const order = (prefix: string, verdict: OrderVerdict): ExportRow => ({
  [`${prefix}_choice`]: verdict.choice,
  [`${prefix}_position`]: verdict.position,
  [`${prefix}_reason`]: verdict.reason,
  [`${prefix}_cost_usd`]: verdict.costUsd,
  [`${prefix}_tokens_in`]: verdict.tokensIn ?? null,
  [`${prefix}_tokens_out`]: verdict.tokensOut ?? null,
});

/** One record per pair: the outcome, whether it followed the position, and each order's verdict. */
export function pairwiseExportRows(judgments: readonly PairJudgment[], label: string): ExportRow[] {
  return judgments.map((j) => ({
    comparison: label,
    model: j.modelId,
    row_index: j.rowIndex,
    outcome: j.outcome,
    followed_position: j.followedPosition,
    cost_usd: j.costUsd,
    ...order('a_first', j.aFirst),
    ...order('b_first', j.bFirst),
  }));
}

/** The summary as the store keeps it. */
export function pairwiseSummaryJson(summary: PairwiseSummary, alpha: number): Record<string, JsonValue> {
  const { winRateInterval, ...figures } = summary;
  return { ...figures, winRateInterval: winRateInterval ? { lower: winRateInterval.lower, upper: winRateInterval.upper } : null, alpha };
}

const intervalJson = z.object({ lower: z.number(), upper: z.number() });
const summaryJson = z.object({
  pairs: z.number(),
  judged: z.number(),
  winsA: z.number(),
  winsB: z.number(),
  ties: z.number(),
  ungraded: z.number(),
  positionFollowed: z.number(),
  positionBiasRate: z.number().nullable(),
  winRate: z.number().nullable(),
  winRateInterval: intervalJson.nullable(),
  pValue: z.number(),
  costUsd: z.number(),
  costKnown: z.boolean(),
});

/** A stored summary read back (see `pairwiseSummaryJson`); null when it is not one this version wrote. */
export function pairwiseSummaryFromJson(json: unknown): PairwiseSummary | null {
  const parsed = summaryJson.safeParse(json);
  return parsed.success ? parsed.data : null;
}
