import { ProviderError } from './types';

/** What a provider needs of a request's abort: the signal, and why it fired. */
export interface RequestAbort {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  dispose(): void;
}

/**
 * The caller's signal used as is when it already carries the deadline (see
 * `CompletionRequest.signalHasDeadline`): one AbortController per request instead of two, and
 * one timer. Why it fired is read from its reason.
 */
class CallerDeadline implements RequestAbort {
  constructor(readonly signal: AbortSignal) {}

  get timedOut(): boolean {
    const reason: unknown = this.signal.reason;
    return this.signal.aborted && reason instanceof ProviderError && reason.kind === 'timeout';
  }

  get cancelled(): boolean {
    return this.signal.aborted && !this.timedOut;
  }

  dispose(): void {}
}

export function requestAbort(timeoutMs: number, signal: AbortSignal | undefined, signalHasDeadline: boolean | undefined): RequestAbort {
  return signal && signalHasDeadline ? new CallerDeadline(signal) : new RequestDeadline(timeoutMs, signal);
}

/**
 * One request's abort signal: fires when the caller's signal fires (cancel) or when our own
 * timer runs out (timeout), and remembers which. Linked by hand rather than with
 * `AbortSignal.any`, whose dependants stay attached to a long-lived run signal
 * (nodejs/node#55351); `dispose()` detaches and clears the timer.
 */
export class RequestDeadline implements RequestAbort {
  readonly signal: AbortSignal;
  timedOut = false;
  cancelled = false;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: (() => void) | undefined;

  constructor(
    timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
    if (callerSignal) {
      if (callerSignal.aborted) {
        this.cancelled = true;
        this.controller.abort();
      } else {
        this.onCallerAbort = () => {
          if (!this.timedOut) this.cancelled = true;
          this.controller.abort();
        };
        callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
