export { prepareRun, type PreparedRun, type PreparedGrader, type PrepareRunOptions } from './prepare-run';
export { createRunFromPrepared, contentHash, type CreateRunOptions } from './create-run';
export { planResume } from './resume-run';
export { executeRun, type ExecuteRunDeps, type RunOutcome } from './execute-run';
export { modelIdOf, type RunPlan, type PlannedGrader } from './run-plan';
export type { RunEvent } from './run-events';
export { estimatePreparedRun, DEFAULT_OUTPUT_BUDGET, type CallsEstimate, type GraderEstimate, type RunEstimate } from './estimate-run';
export { estimateCells, type CellRef } from './estimate-cells';
export { rerunScope, type RerunScope } from './rerun-scope';
