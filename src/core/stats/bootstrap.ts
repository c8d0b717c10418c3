import { createPrng } from './prng';
import type { Interval } from '../../shared/stats/interval';

/** Fixed, so the same two runs always give the same interval and p-value. */
export const BOOTSTRAP_SEED = 20261207;
export const BOOTSTRAP_RESAMPLES = 4000;
/** A resampled mean this close to 0 is 0 (summing ±0.1s leaves float noise such as 3e-17). */
const ZERO = 1e-12;

export interface BootstrapResult {
  /** Mean of the paired differences (current − baseline). */
  mean: number;
  /** 95 % percentile interval of that mean. */
  interval: Interval;
  /**
   * Two-sided p-value of "the mean difference is 0", by inverting the percentile interval:
   * 2 × the smaller share of resampled means on either side of 0 (with the usual +1 so it is
   * never 0), at most 1. Below 0.05 exactly when 0 lies outside the 95 % interval.
   */
  pValue: number;
  resamples: number;
}

/**
 * The paired bootstrap (Efron & Tibshirani 1993; Koehn 2004 for system comparisons): resample
 * the rows with replacement `resamples` times (mulberry32 seeded with `seed`, row index
 * ⌊u·n⌋), take the mean difference of each resample, and read the 2.5th and 97.5th
 * percentiles as the sorted means at ranks ⌊0.025·B⌋ and ⌈0.975·B⌉ − 1 (0-based). Makes no
 * assumption on the shape of the scores. Null without differences.
 */
export function pairedBootstrap(differences: readonly number[], options: { seed?: number; resamples?: number } = {}): BootstrapResult | null {
  const n = differences.length;
  if (n === 0) return null;
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const random = createPrng(options.seed ?? BOOTSTRAP_SEED);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const m of means) {
    if (m <= ZERO) atOrBelow++;
    if (m >= -ZERO) atOrAbove++;
  }
  const mean = differences.reduce((sum, d) => sum + d, 0) / n;
  return {
    mean,
    interval: { lower: means[Math.floor(0.025 * resamples)]!, upper: means[Math.ceil(0.975 * resamples) - 1]! },
    pValue: Math.min(1, (2 * (Math.min(atOrBelow, atOrAbove) + 1)) / (resamples + 1)),
    resamples,
  };
}
