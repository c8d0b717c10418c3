/**
 * One request's abort signal: fires when the caller's signal fires (cancel) or when our own
 * timer runs out (timeout), and remembers which. Linked by hand rather than with
 * `AbortSignal.any`, whose dependants stay attached to a long-lived run signal
 * (nodejs/node#55351); `dispose()` detaches and clears the timer.
 */
export class RequestDeadline {
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
