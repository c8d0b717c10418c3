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
  formatSampleAgreementRate,
  formatScore,
  formatSummaryTable,
  formatUsd,
  summaryColumns,
  type SummaryColumn,
  PRICE_UNKNOWN,
  type SummaryTableRow,
} from './format-table';
export { judgeAgreement, type AgreementCell, type JudgeAgreement } from './agreement';
