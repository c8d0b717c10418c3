/**
 * Is the difference real? Two runs of the same rows (or two models of one run) are a paired
 * design: each row is measured on both sides, so row difficulty cancels out and only the rows
 * that changed carry evidence. Pass/fail: McNemar's exact test on the discordant rows (the
 * rows that flipped), with the paired difference's Bonett–Price interval. Scores: the paired
 * bootstrap of the mean difference (seeded, so the same runs always give the same answer).
 * Several models: each is tested on its own rows, and a verdict over all of them (the gate)
 * uses Holm-adjusted p-values.
 */
import { cellOutcome } from '../../shared/stats/outcome';
import { exactSignTest } from '../stats/binomial';
import { pairedBootstrap } from '../stats/bootstrap';
import { holmAdjust } from '../stats/holm';
import type { Interval } from '../../shared/stats/interval';
import { pairedDifferenceInterval, type PairedCounts } from '../stats/paired-proportions';
import { effectiveScore, type CompareChecks, type ComparableCell } from './classify-cell';

export const DEFAULT_ALPHA = 0.05;

/** One row measured on both sides. */
export interface PairedRow {
  rowIndex: number | null;
  current: ComparableCell;
  baseline: ComparableCell;
}

export interface PassFailTest {
  /** Rows on both sides. */
  pairs: number;
  counts: PairedCounts;
  currentRate: number;
  baselineRate: number;
  /** current − baseline, as a fraction: (improved − regressed) / pairs. */
  difference: number;
  interval: Interval;
  /** McNemar's exact test, two-sided. */
  pValue: number;
  /** Holm-adjusted over the models of the comparison (equal to `pValue` for one model). */
  adjustedP: number;
}

export interface ScoreTest {
  /** Rows with a score on both sides. */
  pairs: number;
  /** Mean of current − baseline over those rows. */
  difference: number;
  interval: Interval;
  /** The paired bootstrap's two-sided p-value. */
  pValue: number;
  adjustedP: number;
  /** Rows whose score rose, fell. */
  higher: number;
  lower: number;
}

export type Verdict = 'better' | 'worse' | 'no-difference' | 'untested';

export interface FlippedRow {
  rowIndex: number | null;
  direction: 'improved' | 'regressed';
}

export interface ModelSignificance {
  modelId: string;
  /** Null when a side has no checks or no row is on both sides. */
  passFail: PassFailTest | null;
  /** Null when no row has a score on both sides. */
  score: ScoreTest | null;
  /** From the pass/fail test: significant (adjusted p < α) and which way; untested without one. */
  verdict: Verdict;
  /** The rows whose pass/fail flipped, in row order. */
  flipped: FlippedRow[];
}

export interface Significance {
  alpha: number;
  /** How many models' pass/fail tests the Holm adjustment spans. */
  tested: number;
  models: ModelSignificance[];
}

const passed = (cell: ComparableCell, checked: boolean): boolean => cellOutcome(cell, { checked, manual: true }) === 'passed';

function passFailTest(rows: readonly PairedRow[], checks: CompareChecks): { test: Omit<PassFailTest, 'adjustedP'>; flipped: FlippedRow[] } | null {
  if (!checks.current || !checks.baseline || rows.length === 0) return null;
  const counts: PairedCounts = { bothPass: 0, improved: 0, regressed: 0, bothFail: 0 };
  const flipped: FlippedRow[] = [];
  for (const row of rows) {
    const now = passed(row.current, checks.current);
    const before = passed(row.baseline, checks.baseline);
    if (now && before) counts.bothPass++;
    else if (!now && !before) counts.bothFail++;
    else if (now) {
      counts.improved++;
      flipped.push({ rowIndex: row.rowIndex, direction: 'improved' });
    } else {
      counts.regressed++;
      flipped.push({ rowIndex: row.rowIndex, direction: 'regressed' });
    }
  }
  const n = rows.length;
  return {
    test: {
      pairs: n,
      counts,
      currentRate: (counts.bothPass + counts.improved) / n,
      baselineRate: (counts.bothPass + counts.regressed) / n,
      difference: (counts.improved - counts.regressed) / n,
      interval: pairedDifferenceInterval(counts)!,
      pValue: exactSignTest(counts.improved, counts.regressed),
    },
    flipped,
  };
}

const SCORE_EPSILON = 1e-9;

function scoreTest(rows: readonly PairedRow[]): Omit<ScoreTest, 'adjustedP'> | null {
  const differences: number[] = [];
  for (const row of rows) {
    if (row.current.status !== 'completed' || row.baseline.status !== 'completed') continue;
    const now = effectiveScore(row.current);
    const before = effectiveScore(row.baseline);
    if (now !== null && before !== null) differences.push(now - before);
  }
  const result = pairedBootstrap(differences);
  if (!result) return null;
  return {
    pairs: differences.length,
    difference: result.mean,
    interval: result.interval,
    pValue: result.pValue,
    higher: differences.filter((d) => d > SCORE_EPSILON).length,
    lower: differences.filter((d) => d < -SCORE_EPSILON).length,
  };
}

function verdictOf(test: PassFailTest | null, alpha: number): Verdict {
  if (!test) return 'untested';
  if (test.adjustedP >= alpha || test.difference === 0) return 'no-difference';
  return test.difference > 0 ? 'better' : 'worse';
}

/** The paired tests of each model, Holm-adjusted across the models that have one. */
export function pairedSignificance(models: ReadonlyArray<{ modelId: string; rows: readonly PairedRow[] }>, checks: CompareChecks, alpha = DEFAULT_ALPHA): Significance {
  const raw = models.map(({ modelId, rows }) => ({ modelId, passFail: passFailTest(rows, checks), score: scoreTest(rows) }));
  const passAdjusted = holmAdjust(raw.flatMap((m) => (m.passFail ? [m.passFail.test.pValue] : [])));
  const scoreAdjusted = holmAdjust(raw.flatMap((m) => (m.score ? [m.score.pValue] : [])));
  let passAt = 0;
  let scoreAt = 0;
  const tested = raw.filter((m) => m.passFail).length;
  return {
    alpha,
    tested,
    models: raw.map((m): ModelSignificance => {
      const passFail = m.passFail ? { ...m.passFail.test, adjustedP: passAdjusted[passAt++]! } : null;
      const score = m.score ? { ...m.score, adjustedP: scoreAdjusted[scoreAt++]! } : null;
      return { modelId: m.modelId, passFail, score, verdict: verdictOf(passFail, alpha), flipped: m.passFail?.flipped ?? [] };
    }),
  };
}

/** Models whose pass rate dropped significantly (what `--fail-on-regression` fails on). */
export function significantRegressions(significance: Significance): ModelSignificance[] {
  return significance.models.filter((m) => m.verdict === 'worse');
}
