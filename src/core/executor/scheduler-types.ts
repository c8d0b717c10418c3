/** What a scheduler takes and gives (see `scheduler.ts`), and the jobs it keeps. */
import type { CompletionRequest, CompletionResult, Provider, ProviderError } from '../providers/types';
import type { BackoffPolicy } from './backoff';
import type { Deque } from './deque';
import type { BudgetTicket, ModelBudget, RateBudgets } from './rate-budgets';

/** A request as the caller gives it; the scheduler adds the model, the signal and the timeout. */
export type CellRequest = Omit<CompletionRequest, 'model' | 'signal' | 'timeoutMs'>;

export interface ResolvedModel {
  provider: Provider;
  providerId: string;
  model: string;
  /**
   * Who the provider counts the requests against (provider, endpoint and key): models of one
   * account share rate budgets with every other run in the process. When absent, the provider
   * object alone is the account.
   */
  account?: string;
}

export interface RetryInfo {
  /** The attempt that just failed (1-based, counting every call made for this request). */
  attempt: number;
  delayMs: number;
  error: ProviderError;
}

export interface SubmitOptions {
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** Called once, when the first attempt is actually sent (after queueing and pacing). */
  onStart?: () => void;
  /** Prompt estimate + max output tokens, for the tokens-per-minute limit. */
  estimatedTokens?: number;
}

export interface SchedulerOptions {
  resolve(modelId: string): ResolvedModel;
  /** Global max in flight. */
  concurrency: number;
  /** Max in flight per provider id; unlimited (beyond `concurrency`) when absent. */
  perProviderConcurrency?: Record<string, number>;
  /** Per attempt; the provider gets it and a signal that aborts when it elapses. */
  timeoutMs: number;
  /**
   * Attempts per request that may fail on 5xx, timeouts or network errors. A 429 never counts:
   * a rate-limited request waits and tries again for as long as the run lives.
   */
  maxAttempts: number;
  /** Exponential with full jitter, for 5xx, timeouts and network errors. */
  backoff?: BackoffPolicy;
  /** Where rate budgets are learned and kept; default the process's own, shared by every run. */
  budgets?: RateBudgets;
  random?: () => number;
  /** Must run on the same clock as `setTimeout` (tests fake both). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SchedulerStats {
  inFlight: number;
  /** Requests waiting to be sent: queued, paced, paused by a 429, or waiting for a retry. */
  queued: number;
  /** Calls made to providers. */
  requests: number;
  retries: number;
  /** Answers that were 429. */
  rateLimited: number;
}

export interface Scheduler {
  /** Runs one request with rate limiting, retries and timeout; resolves with the result or rejects with the final ProviderError (kind 'cancelled' when the signal aborted). */
  submit(modelId: string, request: CellRequest, options?: SubmitOptions): Promise<{ result: CompletionResult; attempts: number }>;
  stats(): SchedulerStats;
}

export interface ProviderSlots {
  readonly limit: number;
  inFlight: number;
}

/** Everything this scheduler sends to one (account, model) pair: its queue, and the budget it shares. */
export interface Lane {
  readonly provider: Provider;
  readonly model: string;
  readonly slots: ProviderSlots;
  readonly budget: ModelBudget;
  readonly queue: Deque<Job>;
}

export type JobState = 'queued' | 'sending' | 'backoff' | 'settled';

export interface Job {
  readonly lane: Lane;
  readonly request: CellRequest;
  readonly options: SubmitOptions | undefined;
  /** Prompt estimate + output cap, for the tokens-per-minute budget. */
  readonly estimatedTokens: number | undefined;
  readonly resolve: (value: { result: CompletionResult; attempts: number }) => void;
  readonly reject: (error: ProviderError) => void;
  state: JobState;
  attempts: number;
  failures: number;
  ticket: BudgetTicket | undefined;
  controller: AbortController | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  backoffController: AbortController | undefined;
  group: Set<Job> | undefined;
}
