import type { Interval } from './interval';
import { addTally } from './tally';
import { wilsonInterval } from './wilson';

/**
 * Running sums over cells of their samples (`refinery.repeat`): y passing samples of m, per
 * cell. Kept as sums so the grid can add and remove cells as they stream in.
 */
export interface ClusterSums {
  /** Cells with at least one sample. */
  cells: number;
  /** Σm: samples. */
  samples: number;
  /** Σy: passing samples. */
  passes: number;
  /** Σy², Σy·m, Σm²: what the between-cell variance needs. */
  passesSquared: number;
  passesTimesSamples: number;
  samplesSquared: number;
  /** Cells whose every sample passed (pass^k). */
  allPass: number;
}

export const NO_CLUSTERS: Readonly<ClusterSums> = { cells: 0, samples: 0, passes: 0, passesSquared: 0, passesTimesSamples: 0, samplesSquared: 0, allPass: 0 };

/** One cell's contribution: `passes` of `samples` passed. */
export function clusterOf(passes: number, samples: number): ClusterSums {
  if (samples <= 0) return NO_CLUSTERS;
  return { cells: 1, samples, passes, passesSquared: passes * passes, passesTimesSamples: passes * samples, samplesSquared: samples * samples, allPass: passes === samples ? 1 : 0 };
}

export function addClusters(total: ClusterSums, cell: ClusterSums, sign: 1 | -1 = 1): ClusterSums {
  return addTally(total, cell, sign);
}

export interface ClusteredRate {
  /** Passing samples ÷ samples. */
  rate: number;
  samples: number;
  cells: number;
  /**
   * The samples' worth as independent observations: samples ÷ the design effect (the
   * between-cell variance over the variance the samples would have if independent), kept
   * between the number of cells (samples of a cell all alike) and the number of samples.
   */
  effectiveN: number;
  /** 95 % Wilson interval at the effective n. */
  interval: Interval;
  /** Share of cells whose every sample passed, and its Wilson interval over cells. */
  passAll: { rate: number; interval: Interval; cells: number; passing: number };
}

/**
 * The pass rate over every sample of repeated cells, with an interval that counts the samples of
 * one cell as what they are: not independent (the same row, the same prompt). The variance is
 * the cluster-robust one of a ratio estimator, n/(n−1)·Σ(yᵢ − p·mᵢ)²/(Σm)², turned into a design
 * effect and an effective sample size for a Wilson interval (Kish 1965; Korn & Graubard 1998).
 * Null without cells.
 */
export function clusteredRate(sums: ClusterSums): ClusteredRate | null {
  const { cells: n, samples: total } = sums;
  if (n <= 0 || total <= 0) return null;
  const rate = sums.passes / total;
  const bernoulli = rate * (1 - rate);
  let effectiveN = n;
  if (n > 1 && bernoulli > 0) {
    const residuals = Math.max(0, sums.passesSquared - 2 * rate * sums.passesTimesSamples + rate * rate * sums.samplesSquared);
    const clusterVariance = ((n / (n - 1)) * residuals) / (total * total);
    const designEffect = clusterVariance / (bernoulli / total);
    effectiveN = designEffect > 0 ? Math.min(total, Math.max(n, total / designEffect)) : total;
  }
  return {
    rate,
    samples: total,
    cells: n,
    effectiveN,
    interval: wilsonInterval(rate * effectiveN, effectiveN)!,
    passAll: { rate: sums.allPass / n, interval: wilsonInterval(sums.allPass, n)!, cells: n, passing: sums.allPass },
  };
}
