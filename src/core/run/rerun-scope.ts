import type { CellMetrics, DatasetRowRecord } from '../model';
import { cellOutcome } from '../../shared/stats/outcome';
import type { CellRef } from './estimate-cells';
import type { RunPlan } from './run-plan';

/** What Re-run failed would run: the stored cells that did not pass, and apart, the cells that never ran. */
export interface RerunScope {
  /** Errored, failed and ungraded cells, in the run's model order. */
  again: CellRef[];
  errored: number;
  failed: number;
  ungraded: number;
  /** Cells the run never reached (cancelled, or stopped before them): run only when asked. */
  notRun: CellRef[];
}

/**
 * The cells `executeRun` runs again with `rerunFailedGrades` (see `cellOutcome`: a cell that
 * errored, or did not pass a run's checks), and the ones it would run for the first time.
 */
export function rerunScope(plan: RunPlan, rows: readonly DatasetRowRecord[], cells: readonly CellMetrics[]): RerunScope {
  const checked = plan.graders.length > 0 || (plan.compiled.prompt.refinery.assert?.length ?? 0) > 0;
  const scope: RerunScope = { again: [], errored: 0, failed: 0, ungraded: 0, notRun: [] };
  const stored = new Map(cells.map((cell) => [`${cell.runModelId}|${cell.datasetRowId ?? ''}`, cell]));
  const rowIds: Array<string | null> = plan.run.datasetId ? rows.map((row) => row.id) : [null];
  for (const model of plan.run.models) {
    for (const datasetRowId of rowIds) {
      const ref = { runModelId: model.id, datasetRowId };
      const cell = stored.get(`${model.id}|${datasetRowId ?? ''}`);
      if (!cell) {
        scope.notRun.push(ref);
        continue;
      }
      const outcome = cellOutcome(cell, { checked });
      if (outcome === 'errored' || outcome === 'failed' || outcome === 'ungraded') {
        scope.again.push(ref);
        scope[outcome]++;
      }
    }
  }
  return scope;
}
