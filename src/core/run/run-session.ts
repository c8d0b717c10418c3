import { createScheduler, type ResolvedModel, type Scheduler, type SchedulerOptions } from '../executor';
import type { Store } from '../ports/store';
import { createRunFromPrepared } from './create-run';
import { executeRun, type ExecuteRunDeps, type RunOutcome } from './execute-run';
import type { PreparedRun } from './prepare-run';
import { planResume } from './resume-run';
import { resolveRunLimits, RUN_RETRIES, type RunLimits, type RunLimitsLayer } from './run-limits';
import type { RunPlan } from './run-plan';

/**
 * What a front-end (the CLI, the editor) says about a run it starts or resumes; the core resolves
 * the rest (see `resolveRunLimits` for the precedence order). Built by `cliRunOptions` and
 * `editorRunOptions`.
 */
export interface RunSessionOptions {
  /** What the run's paths are stored relative to (the workspace root, or the CLI's cwd); default the process's cwd. */
  workspaceRoot?: string;
  /** What the user chose for this run: a CLI flag, an editor choice. */
  chosen?: RunLimitsLayer;
  /** The settings (VS Code's `refinery.concurrency`, `refinery.requestTimeoutMs`). */
  settings?: RunLimitsLayer;
  /** `--allow-remote-media`: kept with the run, so resuming it reads the same media. */
  allowRemoteMedia?: boolean;
  /** `--batch`: the run goes through the providers' Batch APIs (kept with the run, for `runs watch`). */
  batch?: boolean;
  /** A batch run's discount per model id, as offered at submit (see `batchDiscountsOf`): kept with the run, so its cells are costed at it later. */
  batchDiscounts?: Readonly<Record<string, number>>;
}

/** A stored run and the limits it runs with. */
export interface RunSession {
  plan: RunPlan;
  limits: RunLimits;
}

/** The limits a new run will have: known before it is stored, to size the providers' connection pools. */
export function newRunLimits(prepared: PreparedRun, options: RunSessionOptions): RunLimits {
  return resolveRunLimits({ chosen: options.chosen, prompt: prepared.prompt.refinery, settings: options.settings });
}

/** Stores a prepared run with the limits it will run with (so resuming it finds them). */
export async function startRun(store: Store, prepared: PreparedRun, options: RunSessionOptions): Promise<RunSession> {
  const limits = newRunLimits(prepared, options);
  const plan = await createRunFromPrepared(store, prepared, {
    workspaceRoot: options.workspaceRoot ?? process.cwd(),
    config: {
      ...limits,
      ...(options.allowRemoteMedia && { allowRemoteMedia: true }),
      ...(options.batch && { batch: true, ...(options.batchDiscounts && { batchDiscounts: { ...options.batchDiscounts } }) }),
    },
  });
  return { plan, limits };
}

/** A stored run, to finish or re-run: its stored limits win over everything else. */
export async function resumeRun(store: Store, runId: string, options: RunSessionOptions): Promise<RunSession> {
  const plan = await planResume(store, runId, { workspaceRoot: options.workspaceRoot });
  const { concurrency, timeoutMs } = plan.run.config;
  const limits = resolveRunLimits({ stored: { concurrency, timeoutMs }, chosen: options.chosen, prompt: plan.compiled.prompt.refinery, settings: options.settings });
  return { plan, limits };
}

type SchedulerFactory = (options: SchedulerOptions) => Scheduler;

/** The scheduler every run, re-run and pairwise judge sends its calls through. */
export function runScheduler(
  resolve: (modelId: string) => ResolvedModel,
  limits: RunLimits,
  create: SchedulerFactory = createScheduler,
): Scheduler {
  return create({ resolve, concurrency: limits.concurrency, timeoutMs: limits.timeoutMs, ...RUN_RETRIES });
}

export interface ExecuteSessionDeps extends Omit<ExecuteRunDeps, 'scheduler'> {
  resolve: (modelId: string) => ResolvedModel;
  /** Tests watch what the run's scheduler was given. */
  createScheduler?: SchedulerFactory;
}

/** Runs the session's cells with its limits. */
export function executeSession(session: RunSession, deps: ExecuteSessionDeps): Promise<RunOutcome> {
  const { resolve, createScheduler: create, ...rest } = deps;
  return executeRun(session.plan, { ...rest, scheduler: runScheduler(resolve, session.limits, create) });
}
