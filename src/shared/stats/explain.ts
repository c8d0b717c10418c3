/**
 * One sentence each, shown on hover where an interval or a p-value appears (the grid, the
 * Runs view), so nobody has to know the statistics to read them.
 */
import type { ClusteredRate } from './clustered-rate';
import { formatPValue } from './format-interval';
import type { Interval } from './interval';
import { formatPercent } from './percent';

const percent = (value: number): string => `${Math.round(value * 100)}%`;

export function explainRateInterval(interval: Interval, cells: number): string {
  return `95% Wilson interval: from these ${cells} cells, the pass rate on more rows like them is plausibly between ${percent(interval.lower)} and ${percent(interval.upper)}; more rows narrow it.`;
}

export function explainScoreInterval(interval: Interval, scored: number): string {
  return `95% t-interval: from these ${scored} scored cells, the mean score on more rows like them is plausibly between ${interval.lower.toFixed(2)} and ${interval.upper.toFixed(2)}.`;
}

export function explainSampleRate(samples: ClusteredRate): string {
  return `${samples.samples} samples over ${samples.cells} cells pass ${formatPercent(samples.rate)} of the time; samples of one cell are not independent, so the 95% interval ${percent(samples.interval.lower)}–${percent(samples.interval.upper)} counts them as worth ${samples.effectiveN.toFixed(1)} independent ones.`;
}

export function explainPassAll(samples: ClusteredRate): string {
  return `pass^k: ${samples.passAll.passing} of ${samples.passAll.cells} cells passed in every one of their samples (95% Wilson interval ${percent(samples.passAll.interval.lower)}–${percent(samples.passAll.interval.upper)}): how often the prompt can be relied on, not just how often it can work.`;
}

/** Why a difference is or is not called significant, from its p-value and test. */
export function explainPValue(p: number, test: string, alpha: number): string {
  return `${formatPValue(p)} (${test}): if the two sides were equally good, a difference at least this large would show up ${p < 0.001 ? 'less than 0.1%' : p < 0.01 ? `${(p * 100).toFixed(1)}%` : percent(p)} of the time by chance alone; below ${alpha} it is called significant.`;
}

export function explainDifferenceInterval(what: string): string {
  return `95% interval of the paired difference in ${what}: differences outside it are unlikely given these rows; one that spans 0 means the data cannot tell which side is better.`;
}
