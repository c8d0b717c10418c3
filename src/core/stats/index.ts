export { percentile } from './percentile';
export { summarizeCells, type ModelSummary, type SummaryCell } from './summary';
export {
  formatCallCost,
  formatCost,
  formatLatency,
  formatPassRate,
  formatSampleAgreementRate,
  formatScore,
  formatSummaryTable,
  formatUsd,
  PRICE_UNKNOWN,
  type SummaryTableRow,
} from './format-table';
export { judgeAgreement, type AgreementCell, type JudgeAgreement } from './agreement';
