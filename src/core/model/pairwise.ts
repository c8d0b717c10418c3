import type { JsonValue } from './json';

/**
 * A pairwise judge's verdicts on two runs of the same rows (A = `runId`, B = `baselineRunId`),
 * or on two models of one run (both ids the same): see `core/pairwise`.
 */
export interface PairwiseComparisonInput {
  runId: string;
  baselineRunId: string;
  /** What A and B are, in words. */
  label: string;
  graderPath: string;
  /** The judge prompt's exact text. */
  graderText: string;
  /** The judge model. */
  judge: string;
  summary: Record<string, JsonValue>;
  /** Every pair's two verdicts and outcome. */
  pairs: JsonValue[];
  /** What the judge calls cost; null when the judge's price is unknown (never counted as $0). */
  costUsd: number | null;
}

export interface PairwiseComparisonRecord extends PairwiseComparisonInput {
  id: string;
  createdAt: string;
}

