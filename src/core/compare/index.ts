export { classifyCell, effectiveScore, type CellChange, type CellClassification, type CompareChecks, type ComparableCell } from './classify-cell';
export { compareRuns, type CellComparison, type CompareSide, type ModelComparison, type ModelDeltas, type RunComparison } from './compare-runs';
export { formatComparison } from './format-comparison';
