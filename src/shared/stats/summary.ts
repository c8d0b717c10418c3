import { roundUsd } from './round-usd'; // not the barrel: the price table's zod stays out of the activation bundle
import { judgeAgreement, type JudgeAgreement } from './agreement';
import { countOutcomes, passRateDenominator, passRateOf, type OutcomeOptions } from './outcome';
import type { Interval } from './interval';
import { percentile } from './percentile';
import { meanInterval, momentSums } from './t-interval';
import { wilsonInterval } from './wilson';

/** What a summary needs from a cell (a subset of the store's cell record). */
export interface SummaryCell {
  status: 'completed' | 'failed';
  latencyMs: number | null;
  costUsd: number | null;
  gradeScore: number | null;
  gradePass: boolean | null;
  /** A person's pass from the grade panel; absent or null when nobody graded the cell. */
  manualPass?: boolean | null;
}

export interface ModelSummary {
  cells: number;
  completed: number;
  /** Failed cells. */
  errors: number;
  /** Cells that passed, failed, or are ungraded (see `cellOutcome`). */
  passed: number;
  failed: number;
  ungraded: number;
  /** Cells with a pass/fail verdict (passed + failed). */
  graded: number;
  /** The pass rate's denominator: every cell when the run has checks (see `passRateDenominator`). */
  passRateCells: number;
  /** passed / passRateCells; null when that is 0. */
  passRate: number | null;
  /** 95 % Wilson interval of the pass rate (see `wilsonInterval`); null when there is no pass rate. */
  passRateInterval: Interval | null;
  /** Mean of the cells' grade scores; null when no cell has one. */
  meanScore: number | null;
  /** 95 % t-interval of the mean score over the scored cells (see `meanInterval`); null for fewer than two. */
  meanScoreInterval: Interval | null;
  /** Sum of the known cell costs. */
  totalCostUsd: number;
  /** False when a completed cell's cost is unknown: `totalCostUsd` is then a lower bound. */
  costKnown: boolean;
  /** Nearest-rank percentiles over completed cells with a latency; null when there are none. */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  /** Human pass rate and judge ↔ human agreement over the cells people graded. */
  agreement: JudgeAgreement;
}

/** Drops float noise such as 0.15000000000000002 from a mean of 0–1 scores. */
function roundScore(score: number): number {
  return Math.round(score * 1e12) / 1e12;
}

/** The header figures for one model's column of the results grid. */
export function summarizeCells(cells: readonly SummaryCell[], options: OutcomeOptions): ModelSummary {
  const completed = cells.filter((cell) => cell.status === 'completed');
  const outcomes = countOutcomes(cells, options);
  const scores = cells.flatMap((cell) => (cell.gradeScore === null ? [] : [cell.gradeScore]));
  const latencies = completed
    .flatMap((cell) => (cell.latencyMs === null ? [] : [cell.latencyMs]))
    .sort((a, b) => a - b);

  return {
    cells: cells.length,
    completed: completed.length,
    errors: cells.length - completed.length,
    passed: outcomes.passed,
    failed: outcomes.failed,
    ungraded: outcomes.ungraded,
    graded: outcomes.passed + outcomes.failed,
    passRateCells: passRateDenominator(outcomes, options.checked),
    passRate: passRateOf(outcomes, options.checked),
    passRateInterval: wilsonInterval(outcomes.passed, passRateDenominator(outcomes, options.checked)),
    meanScore: scores.length === 0 ? null : roundScore(scores.reduce((sum, score) => sum + score, 0) / scores.length),
    meanScoreInterval: meanInterval(momentSums(scores))?.interval ?? null,
    totalCostUsd: roundUsd(cells.reduce((sum, cell) => sum + (cell.costUsd ?? 0), 0)),
    costKnown: completed.every((cell) => cell.costUsd !== null),
    p50LatencyMs: percentile(latencies, 50),
    p95LatencyMs: percentile(latencies, 95),
    agreement: judgeAgreement(cells.map((cell) => ({ gradePass: cell.gradePass, manualPass: cell.manualPass ?? null }))),
  };
}
