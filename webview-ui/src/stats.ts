/**
 * Per-model header aggregates of the results grid, kept incrementally: a changed cell is
 * removed with its old values and added with its new ones, so a batch of updates costs
 * O(batch) plus one merge of the latency list per frame — never a rescan of every cell.
 * Pure (no DOM), unit-tested in node against the CLI's `summarizeCells`.
 */
import { addAgreementCounts, agreementCountsOf, agreementFromCounts, NO_AGREEMENT_COUNTS, type AgreementCounts, type JudgeAgreement } from '../../src/shared/stats/agreement';
import { addOutcome, cellOutcome, NO_OUTCOMES, passRateDenominator, passRateOf, type OutcomeCounts } from '../../src/shared/stats/outcome';
import { percentile } from '../../src/shared/stats/percentile';
import { addClusters, clusteredRate, clusterOf, NO_CLUSTERS, type ClusteredRate, type ClusterSums } from '../../src/shared/stats/clustered-rate';
import type { Interval } from '../../src/shared/stats/interval';
import { meanInterval } from '../../src/shared/stats/t-interval';
import { wilsonInterval } from '../../src/shared/stats/wilson';

/** What the aggregates need from a cell (a subset of the protocol's `CellView`). */
export interface StatsCell {
  status: 'completed' | 'failed';
  latencyMs: number | null;
  costUsd: number | null;
  gradeScore: number | null;
  gradePass: boolean | null;
  manualPass: boolean | null;
  /** `refinery.repeat` > 1: how many of the cell's samples passed. */
  sampleAgreement?: { samples: number; passCount: number };
}

export interface ModelStats {
  /** The run declares a grader or an assertion: pass rate and ungraded count mean something. */
  checked: boolean;
  /** Cells done (completed or failed). */
  cells: number;
  completed: number;
  /** Failed cells. */
  errors: number;
  /** Cells with an automatic pass/fail verdict. */
  graded: number;
  passes: number;
  /** Completed cells of a run with checks but without a verdict: not passed (see `cellOutcome`). */
  ungraded: number;
  /** The pass rate's denominator: every cell when the run has checks. */
  passRateCells: number;
  /** Automatic passes / passRateCells; null when that is 0. */
  passRate: number | null;
  /** Its 95 % Wilson interval (the core's `wilsonInterval`). */
  passRateInterval: Interval | null;
  /** Cells a person graded pass/fail, and how many of those passed. */
  humanGraded: number;
  humanPasses: number;
  humanPassRate: number | null;
  /** Judge ↔ human agreement over the cells both graded (the core's formula, from incremental tallies). */
  agreement: JudgeAgreement;
  /** Mean of the automatic grade scores; null when no cell has one. */
  meanScore: number | null;
  /** Its 95 % t-interval over the scored cells (the core's `meanInterval`); null for fewer than two. */
  meanScoreInterval: Interval | null;
  /** Scored cells. */
  scored: number;
  /**
   * `refinery.repeat` > 1 in a run with checks: the pass rate over samples with its interval
   * clustered by cell, and pass^k (cells whose every sample passed); null otherwise.
   */
  samples: ClusteredRate | null;
  totalCostUsd: number;
  /** False when a completed cell's cost is unknown: `totalCostUsd` is then a lower bound. */
  costKnown: boolean;
  /** Nearest-rank percentiles over completed cells with a latency. */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/**
 * A multiset of numbers that answers sorted: additions and removals are queued and merged
 * into the sorted array only when read (once per frame at most).
 */
export class SortedMultiset {
  private sorted: number[] = [];
  private added: number[] = [];
  private removed = new Map<number, number>();

  add(value: number): void {
    this.added.push(value);
  }

  remove(value: number): void {
    this.removed.set(value, (this.removed.get(value) ?? 0) + 1);
  }

  values(): readonly number[] {
    if (this.added.length === 0 && this.removed.size === 0) return this.sorted;
    const added = this.added.sort((a, b) => a - b);
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < this.sorted.length || j < added.length) {
      const fromSorted = j >= added.length || (i < this.sorted.length && this.sorted[i]! <= added[j]!);
      const value = fromSorted ? this.sorted[i++]! : added[j++]!;
      const pendingRemovals = this.removed.get(value);
      if (pendingRemovals) {
        if (pendingRemovals === 1) this.removed.delete(value);
        else this.removed.set(value, pendingRemovals - 1);
        continue;
      }
      merged.push(value);
    }
    this.sorted = merged;
    this.added = [];
    this.removed.clear();
    return merged;
  }
}

/** Drops float noise such as 0.15000000000000002 from a mean of 0–1 scores. */
const roundScore = (value: number): number => Math.round(value * 1e12) / 1e12;
/** Money to 1e-10 USD, as the core's `roundUsd` (not imported: it would pull full zod into the bundle). */
const roundUsd = (usd: number): number => Math.round(usd * 1e10) / 1e10;

export class ModelStatsAccumulator {
  private cells = 0;
  private completed = 0;
  private outcomes: OutcomeCounts = NO_OUTCOMES;
  private agreementCounts: AgreementCounts = NO_AGREEMENT_COUNTS;
  private scoreSum = 0;
  private scoreSquares = 0;
  private scored = 0;
  private clusters: ClusterSums = NO_CLUSTERS;
  private costSum = 0;
  private completedWithoutCost = 0;
  private readonly latencies = new SortedMultiset();

  /** `checked`: the run declares a grader or an assertion (the init message's `run.checked`). */
  constructor(private readonly checked: boolean) {}

  add(cell: StatsCell): void {
    this.apply(cell, 1);
  }

  remove(cell: StatsCell): void {
    this.apply(cell, -1);
  }

  /** Replaces `previous` (if any) by `next`: what a live update of one cell does. */
  replace(previous: StatsCell | undefined, next: StatsCell): void {
    if (previous) this.remove(previous);
    this.add(next);
  }

  private apply(cell: StatsCell, sign: 1 | -1): void {
    this.cells += sign;
    if (cell.status === 'completed') {
      this.completed += sign;
      if (cell.costUsd === null) this.completedWithoutCost += sign;
      if (cell.latencyMs !== null) {
        if (sign === 1) this.latencies.add(cell.latencyMs);
        else this.latencies.remove(cell.latencyMs);
      }
    }
    this.outcomes = addOutcome(this.outcomes, cellOutcome(cell, { checked: this.checked }), sign);
    if (cell.manualPass !== null) this.agreementCounts = addAgreementCounts(this.agreementCounts, agreementCountsOf(cell), sign);
    if (cell.gradeScore !== null) {
      this.scored += sign;
      this.scoreSum += sign * cell.gradeScore;
      this.scoreSquares += sign * cell.gradeScore * cell.gradeScore;
    }
    if (cell.sampleAgreement && cell.sampleAgreement.samples > 1) {
      this.clusters = addClusters(this.clusters, clusterOf(cell.sampleAgreement.passCount, cell.sampleAgreement.samples), sign);
    }
    if (cell.costUsd !== null) this.costSum += sign * cell.costUsd;
  }

  summary(): ModelStats {
    const latencies = this.latencies.values();
    return {
      checked: this.checked,
      cells: this.cells,
      completed: this.completed,
      errors: this.cells - this.completed,
      graded: this.outcomes.passed + this.outcomes.failed,
      passes: this.outcomes.passed,
      ungraded: this.outcomes.ungraded,
      passRateCells: passRateDenominator(this.outcomes, this.checked),
      passRate: passRateOf(this.outcomes, this.checked),
      passRateInterval: wilsonInterval(this.outcomes.passed, passRateDenominator(this.outcomes, this.checked)),
      humanGraded: this.agreementCounts.humanGraded,
      humanPasses: this.agreementCounts.humanPasses,
      humanPassRate: this.agreementCounts.humanGraded === 0 ? null : this.agreementCounts.humanPasses / this.agreementCounts.humanGraded,
      agreement: agreementFromCounts(this.agreementCounts),
      meanScore: this.scored === 0 ? null : roundScore(this.scoreSum / this.scored),
      meanScoreInterval: meanInterval({ n: this.scored, sum: this.scoreSum, sumOfSquares: this.scoreSquares })?.interval ?? null,
      scored: this.scored,
      samples: this.checked ? clusteredRate(this.clusters) : null,
      totalCostUsd: this.cells === 0 ? 0 : Math.max(0, roundUsd(this.costSum)),
      costKnown: this.completedWithoutCost === 0,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
    };
  }
}
