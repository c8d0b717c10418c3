/** The domain model: what a run, its cells and grades, datasets and prompts are. Owned by core; the stores persist it. */
export type * from './cell';
export type * from './dataset';
export type * from './json';
export type * from './pairwise';
export type * from './prompt';
export type * from './run';
export { isOpenRunStatus } from './run';
export { parseRunConfig, runConfigSchema, storedBatchDiscount, type RunConfig } from './run-config';
export { cellIdOf, parseCellId, type CellId } from './cell-id';
export { EMPTY_RESULT } from './empty-result';
