/**
 * Nearest-rank percentile of ascending `sorted` values: the smallest value with at least p %
 * of the values at or below it (p in 0–100; p = 0 gives the minimum). Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be within 0–100, got ${p}`);
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}
