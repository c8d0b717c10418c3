import { formatSummaryTable, runHasChecks, summarizeCells, type SummaryTableRow } from '../core/stats';
import { samplePassRate } from '../core/stats/sample-pass-rate';
import { modelIdOf } from '../core/run';
import { parsePrompt } from '../core/prompt';
import { summarizeSampleAgreement } from '../core/repeats';
import type { CellMetrics, RunRecord, SampleRecord } from '../core/model';

/** The `refinery.repeat` the run ran with, from the prompt text it kept (1 if that no longer parses). */
export function repeatOfRun(run: RunRecord): number {
  try {
    return parsePrompt(run.promptText, run.config.promptPath).refinery.repeat;
  } catch {
    return 1;
  }
}

/** The samples of every cell, needed (and read) only for a run with `refinery.repeat` > 1. */
export type CellSamples = ReadonlyArray<{ runModelId: string; samples: readonly SampleRecord[] }>;

/**
 * One summary row per model of the run, from the automatic grades (a CI gate's view).
 * `rowsPerModel`: the dataset's rows, so the cells a model never reached show as not run.
 */
export function modelSummaries(run: RunRecord, cells: CellMetrics[], repeats?: { repeat: number; cells: CellSamples }, rowsPerModel?: number): SummaryTableRow[] {
  const checked = runHasChecks(run, cells);
  return run.models.map((runModel) => {
    const own = cells.filter((c) => c.runModelId === runModel.id);
    const row: SummaryTableRow = {
      label: modelIdOf(runModel),
      simulated: own.some((c) => c.simulated),
      summary: summarizeCells(own, { checked }),
      ...(rowsPerModel !== undefined && { notRun: Math.max(0, rowsPerModel - own.length) }),
    };
    if (repeats && repeats.repeat > 1) {
      const ownSamples = repeats.cells.filter((c) => c.runModelId === runModel.id);
      row.repeats = { repeat: repeats.repeat, agreement: summarizeSampleAgreement(ownSamples), samples: checked ? samplePassRate(ownSamples) : null };
    }
    return row;
  });
}

export function summaryTable(run: RunRecord, cells: CellMetrics[], repeats?: { repeat: number; cells: CellSamples }, rowsPerModel?: number): string {
  return formatSummaryTable(modelSummaries(run, cells, repeats, rowsPerModel));
}
