/**
 * Collects updates by key and hands them over in batches, at most one batch per interval: a
 * run of 15,000 cells becomes a few hundred messages, never one per cell. A later update of
 * the same key replaces the earlier one in the pending batch. Pure (timers injected), unit-tested.
 */
export interface CoalescerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: CoalescerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export class UpdateCoalescer<T> {
  private pending = new Map<string, T>();
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deliver: (batch: T[]) => void,
    private readonly intervalMs = 150,
    private readonly timers: CoalescerTimers = realTimers,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  add(key: string, item: T): void {
    this.pending.delete(key); // keep arrival order of the latest version
    this.pending.set(key, item);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Delivers what is pending now (run end, panel init). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.lastFlush = this.timers.now();
    this.deliver(batch);
  }

  /** Drops what is pending without delivering it. */
  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
