import { clamp, Z_95, type Interval } from './interval';

/**
 * The 95 % Wilson score interval of a proportion (Wilson 1927): the rates p whose normal test
 * would not reject `successes` of `n`. Unlike the textbook p ± 1.96·√(p(1−p)/n) it stays within
 * 0–1 and keeps its coverage near 0 % and 100 % and for small n. `successes` may be fractional
 * (an effective count, see `clusteredRate`). Null for n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  if (!(n > 0)) return null;
  const p = clamp(successes / n, 0, 1);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    lower: p === 0 ? 0 : clamp(centre - half, 0, 1),
    upper: p === 1 ? 1 : clamp(centre + half, 0, 1),
  };
}
