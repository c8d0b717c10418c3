/**
 * A run compared with a baseline run, as the grid shows it (pure, unit-tested): the core's
 * `compareRuns`, then a mark per cell of this run (by grid key) and the deltas per model of
 * this run. Cells only the baseline has ('missing') have no place in this grid and are left out.
 */
import { compareRuns, flippedRowsText, passFailSentence, scoreSentence, testsPreamble, type CompareSide, type ModelSignificance, type Significance } from '../../core/compare';
import { cellIdOf } from '../../core/model/cell-id';
import { modelIdOf } from '../../core/run/run-plan';
import type { BaselineView, SignificanceView } from '../../shared/protocol';

export function buildBaselineView(current: CompareSide, baseline: CompareSide, label: string): BaselineView {
  const comparison = compareRuns(current, baseline);
  const marks: BaselineView['marks'] = [];
  for (const cell of comparison.cells) {
    if (!cell.current || cell.change === 'missing') continue;
    marks.push({ cellId: cellIdOf(cell.current.runModelId, cell.current.datasetRowId), change: cell.change, reason: cell.reason });
  }
  const byModelId = new Map(comparison.models.map((m) => [m.modelId, m]));
  const significanceById = new Map(comparison.significance.models.map((m) => [m.modelId, m]));
  const models = current.run.models.flatMap((runModel): BaselineView['models'] => {
    const model = byModelId.get(modelIdOf(runModel));
    if (!model) return [];
    const { improved, regressed, changed, unchanged } = model.counts;
    const significance = significanceById.get(model.modelId);
    return [
      {
        runModelId: runModel.id,
        deltas: model.deltas,
        counts: { improved, regressed, changed, unchanged },
        inBaseline: model.baseline !== null,
        ...(significance ? { significance: significanceView(significance, comparison.significance) } : {}),
      },
    ];
  });
  const { alpha, tested } = comparison.significance;
  return { runId: baseline.run.id, label, marks, models, tests: { alpha, tested, preamble: testsPreamble(comparison.significance) } };
}

export function significanceView(model: ModelSignificance, all: Significance): SignificanceView {
  const scored = all.models.filter((m) => m.score).length;
  return {
    verdict: model.verdict,
    passFail: model.passFail
      ? {
          difference: model.passFail.difference,
          lower: model.passFail.interval.lower,
          upper: model.passFail.interval.upper,
          pValue: model.passFail.pValue,
          adjustedP: model.passFail.adjustedP,
          sentence: passFailSentence(model.passFail, all.alpha, all.tested),
        }
      : null,
    score: model.score
      ? {
          difference: model.score.difference,
          lower: model.score.interval.lower,
          upper: model.score.interval.upper,
          pValue: model.score.pValue,
          adjustedP: model.score.adjustedP,
          sentence: scoreSentence(model.score, all.alpha, scored),
        }
      : null,
    flipped: flippedRowsText(model),
  };
}
