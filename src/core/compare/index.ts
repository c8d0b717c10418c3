export { classifyCell, effectiveScore, type CellChange, type CellClassification, type CompareChecks, type ComparableCell } from './classify-cell';
export { compareModelsInRun, compareRuns, pairedRowsOf, type CompareOptions, type CellComparison, type CompareSide, type ModelComparison, type ModelDeltas, type RunComparison } from './compare-runs';
export { formatComparison, formatVerdicts } from './format-comparison';
export {
  DEFAULT_ALPHA,
  pairedSignificance,
  significantRegressions,
  type FlippedRow,
  type ModelSignificance,
  type PairedRow,
  type PassFailTest,
  type ScoreTest,
  type Significance,
  type Verdict,
} from './significance';
export { flippedRowsText, modelVerdictLines, passFailSentence, scoreSentence, testsPreamble } from './verdict-text';
