import { formatSummaryTable, summarizeCells, type SummaryTableRow } from '../core/stats';
import { modelIdOf } from '../core/run';
import { parsePrompt } from '../core/prompt';
import { summarizeSampleAgreement } from '../core/repeats';
import type { CellMetrics, RunRecord, SampleRecord } from '../store/types';

/** The `refinery.repeat` the run ran with, from the prompt text it kept (1 if that no longer parses). */
export function repeatOfRun(run: RunRecord): number {
  try {
    const promptPath = typeof run.config.promptPath === 'string' ? run.config.promptPath : 'prompt.prompt';
    return parsePrompt(run.promptText, promptPath).refinery.repeat;
  } catch {
    return 1;
  }
}

/** The samples of every cell, needed (and read) only for a run with `refinery.repeat` > 1. */
export type CellSamples = ReadonlyArray<{ runModelId: string; samples: readonly SampleRecord[] }>;

export function modelSummaries(run: RunRecord, cells: CellMetrics[], repeats?: { repeat: number; cells: CellSamples }): SummaryTableRow[] {
  return run.models.map((runModel) => {
    const own = cells.filter((c) => c.runModelId === runModel.id);
    const row: SummaryTableRow = {
      label: modelIdOf(runModel),
      simulated: own.some((c) => c.simulated),
      summary: summarizeCells(own),
    };
    if (repeats && repeats.repeat > 1) {
      row.repeats = { repeat: repeats.repeat, agreement: summarizeSampleAgreement(repeats.cells.filter((c) => c.runModelId === runModel.id)) };
    }
    return row;
  });
}

export function summaryTable(run: RunRecord, cells: CellMetrics[], repeats?: { repeat: number; cells: CellSamples }): string {
  return formatSummaryTable(modelSummaries(run, cells, repeats));
}

/** Pass rate over graded cells; without graders, the share of cells that completed. */
export function overallPassRate(cells: CellMetrics[]): number | null {
  if (cells.length === 0) return null;
  const graded = cells.filter((c) => c.gradePass !== null);
  if (graded.length > 0) return graded.filter((c) => c.gradePass === true).length / graded.length;
  return cells.filter((c) => c.status === 'completed').length / cells.length;
}
