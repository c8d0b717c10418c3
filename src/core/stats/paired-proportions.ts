import { clamp, Z_95, type Interval } from '../../shared/stats/interval';

/** A 2×2 table of paired pass/fail: the same rows, before (baseline) and after (current). */
export interface PairedCounts {
  /** Passed in both. */
  bothPass: number;
  /** Failed in the baseline, passed now (b). */
  improved: number;
  /** Passed in the baseline, failed now (c). */
  regressed: number;
  /** Failed in both. */
  bothFail: number;
}

export const pairedTotal = (c: PairedCounts): number => c.bothPass + c.improved + c.regressed + c.bothFail;

/**
 * 95 % interval of the paired difference in pass rate (current − baseline) = (b − c)/n, by the
 * adjusted Wald interval of Bonett & Price (2012, J Educ Behav Stat 37:479): one pseudo-pair is
 * added to each discordant cell, p̃b = (b+1)/(n+2), p̃c = (c+1)/(n+2), and
 * p̃b − p̃c ± z·√((p̃b + p̃c − (p̃b − p̃c)²)/(n+2)), within −1…1. It keeps its coverage for small
 * n and with no discordant pair at all (where the plain Wald and Newcombe's interval shrink to
 * a point). Null for no pairs.
 */
export function pairedDifferenceInterval(counts: PairedCounts): Interval | null {
  const n = pairedTotal(counts);
  if (n === 0) return null;
  const b = (counts.improved + 1) / (n + 2);
  const c = (counts.regressed + 1) / (n + 2);
  const centre = b - c;
  const half = Z_95 * Math.sqrt(Math.max(0, b + c - centre * centre) / (n + 2));
  return { lower: clamp(centre - half, -1, 1), upper: clamp(centre + half, -1, 1) };
}
