export { percentile } from '../../shared/stats/percentile';
export { summarizeCells, type ModelSummary, type SummaryCell } from '../../shared/stats/summary';
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
} from '../../shared/stats/outcome';
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
} from '../../shared/stats/format-table';
export { judgeAgreement, type AgreementCell, type JudgeAgreement } from '../../shared/stats/agreement';
export { formatPercent, formatWholePoints, wholePercent } from '../../shared/stats/percent';
export { Z_95, type Interval } from '../../shared/stats/interval';
export { wilsonInterval } from '../../shared/stats/wilson';
export { binomialHalfCdf, exactSignTest } from './binomial';
export { holmAdjust } from './holm';
export { createPrng } from './prng';
export { pairedBootstrap, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, type BootstrapResult } from './bootstrap';
export { meanInterval, momentSums, tQuantile975, type MeanWithInterval, type MomentSums } from '../../shared/stats/t-interval';
export { pairedDifferenceInterval, pairedTotal, type PairedCounts } from './paired-proportions';
export { addClusters, clusteredRate, clusterOf, NO_CLUSTERS, type ClusterSums, type ClusteredRate } from '../../shared/stats/clustered-rate';
export { samplePassRate } from './sample-pass-rate';
export {
  formatPoints,
  formatPointsInterval,
  formatPValue,
  formatRateInterval,
  formatScoreDifference,
  formatScoreDifferenceInterval,
  formatScoreInterval,
} from '../../shared/stats/format-interval';

export { explainDifferenceInterval, explainPassAll, explainPValue, explainRateInterval, explainSampleRate, explainScoreInterval } from '../../shared/stats/explain';
