export { createScheduler } from './scheduler';
export type { CellRequest, ResolvedModel, RetryInfo, Scheduler, SchedulerOptions, SchedulerStats, SubmitOptions } from './scheduler';
export { runCells } from './run-cells';
export type { CellTask, ExecutorEvent, RunCellsOptions, RunSummary } from './run-cells';
export { RateLimiter } from './rate-limiter';
export type { RateLimiterOptions, SendOutcome, SendTicket } from './rate-limiter';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff';
export type { BackoffPolicy } from './backoff';
export { sleep } from './sleep';
