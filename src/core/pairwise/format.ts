import { formatPValue, formatRateInterval } from '../../shared/stats/format-interval';
import { formatCost } from '../../shared/stats/format-table';
import { formatPercent as percent } from '../../shared/stats/percent';
import type { PairwiseSummary } from './summary';


/** `A wins 12, B wins 5, ties 3 — win rate of A 71% [47–87], sign test p = 0.14, not significant at 0.05` */
export function pairwiseSentence(summary: PairwiseSummary, alpha: number): string {
  const counts = `A wins ${summary.winsA}, B wins ${summary.winsB}, ties ${summary.ties}${summary.ungraded > 0 ? `, ungraded ${summary.ungraded}` : ''}`;
  if (summary.winRate === null) return `${counts} — no pair decided either way`;
  const significant = summary.pValue < alpha ? `${summary.winRate > 0.5 ? 'A' : 'B'} significantly preferred at ${alpha}` : `not significant at ${alpha}`;
  return `${counts} — win rate of A ${percent(summary.winRate)} ${formatRateInterval(summary.winRateInterval)} over ${summary.winsA + summary.winsB} decisive pairs, sign test ${formatPValue(summary.pValue)}, ${significant}`;
}

/** `position bias 15% (3 of 20 judged pairs)`: pairs whose two orders picked the same position. */
export function positionBiasSentence(summary: PairwiseSummary): string {
  return `position bias ${percent(summary.positionBiasRate)} (${summary.positionFollowed} of ${summary.judged} judged pairs picked the same position in both orders, so they count as ties)`;
}

export function formatPairwise(summary: PairwiseSummary, options: { grader: string; judge: string; sides: string; alpha: number }): string {
  return [
    `pairwise judge ${options.grader} on ${options.judge}, every pair judged in both orders (${options.sides}):`,
    `  ${pairwiseSentence(summary, options.alpha)}`,
    `  ${positionBiasSentence(summary)}`,
    `  ${summary.pairs} pairs, ${summary.pairs * 2} judge calls, cost ${formatCost(summary.costUsd, summary.costKnown)}`,
  ].join('\n');
}
