export { parseVerdict, type Verdict, type VerdictOptions } from './verdict';
export { graderVariables, type GraderVariableOptions } from './grader-variables';
export { combineVerdicts, type CombinedGrade, type GraderVerdict } from './combine';
export { allPass } from './all-pass';
