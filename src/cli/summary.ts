import { formatSummaryTable, summarizeCells } from '../core/stats';
import { modelIdOf } from '../core/run';
import type { CellMetrics, RunRecord } from '../store/types';

export function modelSummaries(run: RunRecord, cells: CellMetrics[]) {
  return run.models.map((runModel) => {
    const own = cells.filter((c) => c.runModelId === runModel.id);
    return {
      label: modelIdOf(runModel),
      simulated: own.some((c) => c.simulated),
      summary: summarizeCells(own),
    };
  });
}

export function summaryTable(run: RunRecord, cells: CellMetrics[]): string {
  return formatSummaryTable(modelSummaries(run, cells));
}

/** Pass rate over graded cells; without graders, the share of cells that completed. */
export function overallPassRate(cells: CellMetrics[]): number | null {
  if (cells.length === 0) return null;
  const graded = cells.filter((c) => c.gradePass !== null);
  if (graded.length > 0) return graded.filter((c) => c.gradePass === true).length / graded.length;
  return cells.filter((c) => c.status === 'completed').length / cells.length;
}
