/** A pairwise judge's result as the grid shows it (pure, unit-tested). */
import { DEFAULT_ALPHA } from '../../core/compare/significance';
import { pairwiseSentence, positionBiasSentence } from '../../core/pairwise/format';
import { pairwiseSummaryFromJson } from '../../core/pairwise/export';
import type { PairwiseSummary } from '../../core/pairwise/summary';
import type { PairwiseView } from '../../shared/protocol';
import type { PairwiseComparisonRecord } from '../../core/model';

export function pairwiseView(summary: PairwiseSummary, grader: string, judge: string, alpha = DEFAULT_ALPHA): PairwiseView {
  return {
    grader,
    judge,
    pairs: summary.pairs,
    winRate: summary.winRate,
    lower: summary.winRateInterval?.lower ?? null,
    upper: summary.winRateInterval?.upper ?? null,
    pValue: summary.pValue,
    positionBiasRate: summary.positionBiasRate,
    costUsd: summary.costKnown ? summary.costUsd : null,
    sentence: pairwiseSentence(summary, alpha),
    positionBias: positionBiasSentence(summary),
  };
}

/** The newest stored judgment of exactly this run (A) against this baseline (B), if any. */
export function latestPairwiseView(records: readonly PairwiseComparisonRecord[], runId: string, baselineRunId: string): PairwiseView | null {
  for (const record of records) {
    if (record.runId !== runId || record.baselineRunId !== baselineRunId) continue;
    const summary = pairwiseSummaryFromJson(record.summary);
    const alpha = typeof record.summary.alpha === 'number' ? record.summary.alpha : DEFAULT_ALPHA;
    if (summary) return pairwiseView(summary, record.graderPath, record.judge, alpha);
  }
  return null;
}
