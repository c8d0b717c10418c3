export { percentile } from './percentile';
export { summarizeCells, type ModelSummary, type SummaryCell } from './summary';
export {
  addOutcome,
  cellOutcome,
  countOutcomes,
  NO_OUTCOMES,
  passRateDenominator,
  passRateOf,
  runHasChecks,
  ungradedReason,
  type CellOutcome,
  type OutcomeCell,
  type OutcomeCounts,
  type OutcomeOptions,
} from './outcome';
export {
  formatCallCost,
  formatCost,
  formatLatency,
  formatPassRate,
  formatPassAll,
  formatSampleAgreementRate,
  formatSamplePassRate,
  formatScore,
  formatSummaryTable,
  formatUsd,
  summaryColumns,
  type SummaryColumn,
  PRICE_UNKNOWN,
  type SummaryTableRow,
} from './format-table';
export { judgeAgreement, type AgreementCell, type JudgeAgreement } from './agreement';
export { formatPercent, formatWholePoints, wholePercent } from './percent';
export { Z_95, type Interval } from './interval';
export { wilsonInterval } from './wilson';
export { binomialHalfCdf, exactSignTest } from './binomial';
export { holmAdjust } from './holm';
export { createPrng } from './prng';
export { pairedBootstrap, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, type BootstrapResult } from './bootstrap';
export { meanInterval, momentSums, tQuantile975, type MeanWithInterval, type MomentSums } from './t-interval';
export { pairedDifferenceInterval, pairedTotal, type PairedCounts } from './paired-proportions';
export { addClusters, clusteredRate, clusterOf, NO_CLUSTERS, type ClusterSums, type ClusteredRate } from './clustered-rate';
export { samplePassRate } from './sample-pass-rate';
export {
  formatPoints,
  formatPointsInterval,
  formatPValue,
  formatRateInterval,
  formatScoreDifference,
  formatScoreDifferenceInterval,
  formatScoreInterval,
} from './format-interval';

export { explainDifferenceInterval, explainPassAll, explainPValue, explainRateInterval, explainSampleRate, explainScoreInterval } from './explain';
