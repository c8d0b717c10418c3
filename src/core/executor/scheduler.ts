import type { CompletionResult, ProviderError } from '../providers/types';
import { AbortGroups } from './abort-groups';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { Deque } from './deque';
import { asProviderError, cancelledError, timeoutError } from './provider-errors';
import { accountOfProvider, processRateBudgets, type RateBudgets } from './rate-budgets';
import type { SendOutcome } from './rate-limiter';
import type { CellRequest, Job, Lane, ProviderSlots, Scheduler, SchedulerOptions, SchedulerStats, SubmitOptions } from './scheduler-types';
import { sleep as realSleep } from './sleep';
import { estimateRequestTokens } from './token-estimate';

export type { CellRequest, ResolvedModel, RetryInfo, Scheduler, SchedulerOptions, SchedulerStats, SubmitOptions } from './scheduler-types';

export function createScheduler(options: SchedulerOptions): Scheduler {
  return new LimitedScheduler(options);
}

class LimitedScheduler implements Scheduler {
  private readonly lanesByModelId = new Map<string, Lane>();
  private readonly lanesByKey = new Map<string, Lane>();
  private readonly lanes: Lane[] = [];
  private readonly slotsByProvider = new Map<string, ProviderSlots>();
  private readonly abortGroups = new AbortGroups<Job>((jobs) => this.cancelJobs(jobs));
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly budgets: RateBudgets;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private cursor = 0;
  private inFlight = 0;
  private waiting = 0;
  private requests = 0;
  private retries = 0;
  private rateLimited = 0;
  private pumping = false;
  private pumpAgain = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.concurrency = Math.max(1, options.concurrency);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.budgets = options.budgets ?? processRateBudgets;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
  }

  submit(modelId: string, request: CellRequest, options?: SubmitOptions): Promise<{ result: CompletionResult; attempts: number }> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(cancelledError());
    let lane: Lane;
    try {
      lane = this.laneFor(modelId);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        lane,
        request,
        options,
        estimatedTokens: options?.estimatedTokens ?? estimateRequestTokens(lane.model, request),
        resolve,
        reject,
        state: 'queued',
        attempts: 0,
        failures: 0,
        ticket: undefined,
        controller: undefined,
        timer: undefined,
        backoffController: undefined,
        group: undefined,
      };
      if (signal) job.group = this.abortGroups.join(signal, job);
      lane.queue.pushBack(job);
      this.waiting++;
      this.pump();
    });
  }

  stats(): SchedulerStats {
    return { inFlight: this.inFlight, queued: this.waiting, requests: this.requests, retries: this.retries, rateLimited: this.rateLimited };
  }

  private laneFor(modelId: string): Lane {
    const cached = this.lanesByModelId.get(modelId);
    if (cached) return cached;
    const { provider, providerId, model, account = accountOfProvider(provider) } = this.options.resolve(modelId);
    const key = `${account}\u0000${model}`;
    let lane = this.lanesByKey.get(key);
    if (!lane) {
      lane = {
        provider,
        model,
        slots: this.slotsFor(providerId),
        budget: this.budgets.budgetFor(account, model),
        queue: new Deque<Job>(),
      };
      this.lanesByKey.set(key, lane);
      this.lanes.push(lane);
    }
    this.lanesByModelId.set(modelId, lane);
    return lane;
  }

  private slotsFor(providerId: string): ProviderSlots {
    let slots = this.slotsByProvider.get(providerId);
    if (!slots) {
      slots = { limit: Math.max(1, this.options.perProviderConcurrency?.[providerId] ?? Infinity), inFlight: 0 };
      this.slotsByProvider.set(providerId, slots);
    }
    return slots;
  }

  /** Sends whatever may be sent now; re-entrant calls (from callbacks) just ask for another pass. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.dispatchReady();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  /** Round-robin over the lanes so one paced or paused model does not hold back the others. */
  private dispatchReady(): void {
    const now = this.now();
    let wakeIn = Infinity;
    while (this.inFlight < this.concurrency) {
      wakeIn = Infinity;
      let sent = false;
      const laneCount = this.lanes.length;
      for (let k = 0; k < laneCount; k++) {
        const index = (this.cursor + k) % laneCount;
        const lane = this.lanes[index];
        if (!lane) continue;
        const job = this.nextQueued(lane);
        if (!job || lane.slots.inFlight >= lane.slots.limit) continue;
        const limiter = lane.budget.limiter;
        const tokens = limiter.tokenCost(job.estimatedTokens);
        const delay = limiter.delayBeforeSend(tokens, now);
        if (delay > 0) {
          if (delay < wakeIn) wakeIn = delay;
          // Requests of another run may hold the budget: hear when one of them ends.
          if (delay === Infinity) limiter.onceChanged(this.wake);
          continue;
        }
        lane.queue.shift();
        this.send(job, tokens, now);
        this.cursor = (index + 1) % laneCount;
        sent = true;
        break;
      }
      if (!sent) break;
    }
    if (wakeIn < Infinity && this.inFlight < this.concurrency) this.wakeAfter(now, wakeIn);
    else if (this.waiting === 0 && this.wakeTimer !== undefined) {
      // e.g. a run cancelled during a 429 pause: do not keep the process alive until it ends.
      clearTimeout(this.wakeTimer);
      this.wakeTimer = undefined;
    }
  }

  private readonly wake = (): void => this.pump();

  /** The lane's first live job; drops the ones settled while queued (cancelled). */
  private nextQueued(lane: Lane): Job | undefined {
    for (;;) {
      const job = lane.queue.peekFront();
      if (!job) return undefined;
      if (job.state === 'queued') return job;
      lane.queue.shift();
    }
  }

  /** One timer for the whole scheduler, at the earliest moment a paced or paused lane may send. */
  private wakeAfter(now: number, delayMs: number): void {
    const at = now + delayMs;
    if (this.wakeTimer !== undefined) {
      if (this.wakeAt <= at) return;
      clearTimeout(this.wakeTimer);
    }
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.pump();
    }, Math.max(1, Math.ceil(delayMs)));
  }

  private send(job: Job, tokens: number, now: number): void {
    const lane = job.lane;
    job.state = 'sending';
    this.waiting--;
    job.attempts++;
    this.requests++;
    this.inFlight++;
    lane.slots.inFlight++;
    job.ticket = lane.budget.onSend(tokens, now, job.estimatedTokens);
    if (job.attempts === 1) job.options?.onStart?.();
    const attempt = job.attempts;
    const controller = new AbortController();
    job.controller = controller;
    const timeoutMs = this.options.timeoutMs;
    job.timer = setTimeout(() => this.onTimeout(job, attempt), timeoutMs);
    let answer: Promise<CompletionResult>;
    try {
      // Built field by field: an object spread here was a measurable share of CPU per request.
      const request = job.request;
      answer = lane.provider.complete({
        model: lane.model,
        messages: request.messages,
        temperature: request.temperature,
        topP: request.topP,
        maxOutputTokens: request.maxOutputTokens,
        stop: request.stop,
        responseFormat: request.responseFormat,
        signal: controller.signal,
        timeoutMs,
        signalHasDeadline: true, // aborted by onTimeout with a timeout ProviderError
      });
    } catch (error) {
      answer = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    answer.then(
      (result) => this.onAnswer(job, attempt, result),
      (error: unknown) => this.onError(job, attempt, error),
    );
  }

  private isCurrent(job: Job, attempt: number): boolean {
    return job.state === 'sending' && job.attempts === attempt;
  }

  private onAnswer(job: Job, attempt: number, result: CompletionResult): void {
    if (!this.isCurrent(job, attempt)) return;
    // What servers count against a tokens budget: the prompt and the output cap, reserved up front.
    const chargedTokens = result.usage.inputTokens + (job.request.maxOutputTokens ?? result.usage.outputTokens);
    this.endAttempt(job, { kind: 'accepted', rateLimit: result.rateLimit, chargedTokens, backlogged: job.lane.queue.length > 0 });
    this.settle(job);
    job.resolve({ result, attempts: job.attempts });
    this.pump();
  }

  private onError(job: Job, attempt: number, thrown: unknown): void {
    if (!this.isCurrent(job, attempt)) return;
    const error = asProviderError(thrown);
    if (error.kind === 'rate_limit' && error.retryable) {
      const pauseMs = this.endAttempt(job, { kind: 'limited', rateLimit: error.rateLimit });
      this.retryAfterRateLimit(job, error, pauseMs);
    } else {
      this.endAttempt(job, { kind: 'other', rateLimit: error.status === undefined ? undefined : error.rateLimit });
      this.retryOrFail(job, error);
    }
    this.pump();
  }

  private onTimeout(job: Job, attempt: number): void {
    if (!this.isCurrent(job, attempt)) return;
    const error = timeoutError(this.options.timeoutMs);
    const controller = job.controller;
    this.endAttempt(job, { kind: 'other' });
    controller?.abort(error);
    this.retryOrFail(job, error);
    this.pump();
  }

  /** Returns the pause the budget decided on (a 429's). */
  private endAttempt(job: Job, outcome: SendOutcome): number {
    clearTimeout(job.timer);
    job.timer = undefined;
    job.controller = undefined;
    this.inFlight--;
    job.lane.slots.inFlight--;
    const ticket = job.ticket;
    job.ticket = undefined;
    return ticket ? job.lane.budget.onSettled(ticket, outcome, this.now()) : 0;
  }

  /**
   * A 429 never fails a request: it goes back to the front of its lane and waits with everyone
   * queued behind it, for the pause its budget decided, without spending an attempt.
   */
  private retryAfterRateLimit(job: Job, error: ProviderError, pauseMs: number): void {
    this.rateLimited++;
    job.state = 'queued';
    this.waiting++;
    job.lane.queue.pushFront(job);
    this.notifyRetry(job, pauseMs, error);
  }

  private retryOrFail(job: Job, error: ProviderError): void {
    const lane = job.lane;
    job.failures++;
    if (!error.retryable || error.kind === 'cancelled' || job.failures >= this.options.maxAttempts) {
      this.fail(job, error);
      return;
    }
    const delayMs = backoffDelay(job.failures, this.backoff, this.random, error.rateLimit.retryAfterMs);
    job.state = 'backoff';
    this.waiting++;
    const controller = new AbortController();
    job.backoffController = controller;
    // Cancelling aborts the sleep and settles the job; either way a settled job stays settled.
    const wake = (): void => {
      if (job.state !== 'backoff') return;
      job.backoffController = undefined;
      job.state = 'queued';
      lane.queue.pushFront(job);
      this.pump();
    };
    this.sleep(delayMs, controller.signal).then(wake, wake);
    this.notifyRetry(job, delayMs, error);
  }

  private notifyRetry(job: Job, delayMs: number, error: ProviderError): void {
    this.retries++;
    job.options?.onRetry?.({ attempt: job.attempts, delayMs, error });
  }

  private cancelJobs(jobs: readonly Job[]): void {
    const error = cancelledError();
    for (const job of jobs) {
      switch (job.state) {
        case 'queued':
          this.waiting--; // stays in its lane's queue until dispatch skips it
          break;
        case 'sending': {
          const controller = job.controller;
          this.endAttempt(job, { kind: 'other' });
          controller?.abort(error);
          break;
        }
        case 'backoff':
          this.waiting--;
          job.backoffController?.abort(error);
          job.backoffController = undefined;
          break;
        case 'settled':
          continue;
      }
      job.group = undefined; // the group was cleared as a whole
      this.fail(job, error);
    }
    this.pump();
  }

  private fail(job: Job, error: ProviderError): void {
    this.settle(job);
    job.reject(error);
  }

  private settle(job: Job): void {
    job.state = 'settled';
    job.group?.delete(job);
    job.group = undefined;
  }
}
