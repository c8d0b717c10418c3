import { clamp, Z_95, type Interval } from './interval';

/** Student's t 97.5th percentiles for 1–30 degrees of freedom (scipy.stats.t.ppf(0.975, df), to 6 decimals). */
const T_975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787,
  2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407,
  2.04523, 2.042272,
];

/**
 * t(0.975, df): the table up to 30, then the Cornish–Fisher expansion in 1/df (Abramowitz &
 * Stegun 26.7.5), within 1e-7 of the exact value from 30 on.
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be ≥ 1, got ${df}`);
  const fromTable = T_975[Math.floor(df) - 1];
  if (fromTable !== undefined) return fromTable;
  const z = Z_95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** What a mean and its interval need: kept as running sums, so the grid can add and remove cells. */
export interface MomentSums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export interface MeanWithInterval {
  mean: number;
  /** Null for fewer than two values (no spread to estimate). */
  interval: Interval | null;
  n: number;
}

/**
 * The mean and its 95 % t-interval, mean ± t(0.975, n−1)·s/√n, clipped to the scores' range
 * 0–1. Grade scores are bounded and often lumpy, but their mean is close to normal from a few
 * dozen cells on, and the t-interval can be kept incrementally in the live grid (a bootstrap
 * cannot). Null for no values.
 */
export function meanInterval(sums: MomentSums, range: Interval = { lower: 0, upper: 1 }): MeanWithInterval | null {
  const { n, sum, sumOfSquares } = sums;
  if (n <= 0) return null;
  const mean = sum / n;
  if (n < 2) return { mean, interval: null, n };
  const variance = Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, interval: { lower: clamp(mean - half, range.lower, range.upper), upper: clamp(mean + half, range.lower, range.upper) }, n };
}

export function momentSums(values: readonly number[]): MomentSums {
  return values.reduce((s, v) => ({ n: s.n + 1, sum: s.sum + v, sumOfSquares: s.sumOfSquares + v * v }), { n: 0, sum: 0, sumOfSquares: 0 });
}
