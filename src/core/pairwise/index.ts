export { parsePreference, choiceOf, type Choice, type Preference } from './preference';
export { combineOrders, sideOf, type OrderVerdict, type PairJudgment, type PairOutcome, type Position } from './judgment';
export { judgePairs, pairsFromComparison, pairwiseVariables, type JudgeDeps, type PairToJudge, type PairwiseJudge } from './judge-pairs';
export { summarizePairwise, type PairwiseSummary } from './summary';
export { estimatePairwise } from './estimate';
export { preparePairwiseJudge } from './prepare-judge';
export { formatPairwise, pairwiseSentence, positionBiasSentence } from './format';
export { pairwiseExportRows, pairwiseSummaryFromJson, pairwiseSummaryJson } from './export';
