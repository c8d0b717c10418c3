/** How intervals, p-values and differences read, the same in the CLI, the grid and the reports. */
import type { Interval } from './interval';

const UNKNOWN = '—';

/** `[78–92]`: a rate's interval in whole percent. */
export function formatRateInterval(interval: Interval | null): string {
  if (!interval) return UNKNOWN;
  return `[${Math.round(interval.lower * 100)}–${Math.round(interval.upper * 100)}]`;
}

/** `[0.65–0.79]`: a mean score's interval. */
export function formatScoreInterval(interval: Interval | null): string {
  if (!interval) return UNKNOWN;
  return `[${interval.lower.toFixed(2)}–${interval.upper.toFixed(2)}]`;
}

const signedNumber = (value: number, digits: number): string => {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return value > 0 ? `+${text}` : `-${text}`;
};

/** `+4.2 points`: a difference of rates (fractions) in percentage points. */
export function formatPoints(difference: number): string {
  return `${signedNumber(difference * 100, 1)} points`;
}

/** `[-1.1, +9.5]`: a difference's interval in percentage points. */
export function formatPointsInterval(interval: Interval): string {
  return `[${signedNumber(interval.lower * 100, 1)}, ${signedNumber(interval.upper * 100, 1)}]`;
}

/** `+0.08`: a difference of mean scores. */
export function formatScoreDifference(difference: number): string {
  return signedNumber(difference, 2);
}

/** `[-0.02, +0.11]`. */
export function formatScoreDifferenceInterval(interval: Interval): string {
  return `[${signedNumber(interval.lower, 2)}, ${signedNumber(interval.upper, 2)}]`;
}

/** `p = 0.19`, `p = 0.003`, `p < 0.001`, `p = 1`. */
export function formatPValue(p: number): string {
  if (p >= 0.995) return 'p = 1';
  if (p >= 0.01) return `p = ${p.toFixed(2)}`;
  if (p >= 0.001) return `p = ${p.toFixed(3)}`;
  return 'p < 0.001';
}
