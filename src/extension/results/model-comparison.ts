/** Two models of one run compared on their rows, as the grid shows it (pure, unit-tested). */
import { compareModelsInRun, testsPreamble, type CompareSide } from '../../core/compare';
import type { ModelComparisonResultView } from '../../shared/protocol';
import { significanceView } from './baseline-view';

export function buildModelComparison(side: CompareSide, modelA: string, modelB: string): ModelComparisonResultView | null {
  const { significance } = compareModelsInRun(side, modelA, modelB);
  const model = significance.models[0];
  if (!model) return null;
  return { modelA, modelB, significance: significanceView(model, significance), tests: { alpha: significance.alpha, tested: significance.tested, preamble: testsPreamble(significance) } };
}
