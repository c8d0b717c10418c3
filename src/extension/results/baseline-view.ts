/**
 * A run compared with a baseline run, as the grid shows it (pure, unit-tested): the core's
 * `compareRuns`, then a mark per cell of this run (by grid key) and the deltas per model of
 * this run. Cells only the baseline has ('missing') have no place in this grid and are left out.
 */
import { compareRuns, type CompareSide } from '../../core/compare';
import { modelIdOf } from '../../core/run/run-plan';
import type { BaselineView } from '../../shared/protocol';
import { cellKey } from './cell-view';

export function buildBaselineView(current: CompareSide, baseline: CompareSide, label: string): BaselineView {
  const comparison = compareRuns(current, baseline);
  const marks: BaselineView['marks'] = [];
  for (const cell of comparison.cells) {
    if (!cell.current || cell.change === 'missing') continue;
    marks.push({ cellId: cellKey(cell.current.runModelId, cell.current.datasetRowId), change: cell.change, reason: cell.reason });
  }
  const byModelId = new Map(comparison.models.map((m) => [m.modelId, m]));
  const models = current.run.models.flatMap((runModel): BaselineView['models'] => {
    const model = byModelId.get(modelIdOf(runModel));
    if (!model) return [];
    const { improved, regressed, changed, unchanged } = model.counts;
    return [{ runModelId: runModel.id, deltas: model.deltas, counts: { improved, regressed, changed, unchanged }, inBaseline: model.baseline !== null }];
  });
  return { runId: baseline.run.id, label, marks, models };
}
