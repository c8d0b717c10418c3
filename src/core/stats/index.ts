export { percentile } from './percentile';
export { summarizeCells, type ModelSummary, type SummaryCell } from './summary';
export {
  formatCost,
  formatLatency,
  formatPassRate,
  formatScore,
  formatSummaryTable,
  type SummaryTableRow,
} from './format-table';
