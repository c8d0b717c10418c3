/**
 * A continuously refilling token bucket: `capacity` tokens, refilled at `refillPerSecond`.
 * Time is passed in (ms) so callers read the clock once per request.
 */
export class TokenBucket {
  private level: number;
  private updatedAtMs: number;

  constructor(
    readonly capacity: number,
    private refillRate: number,
    nowMs: number,
  ) {
    this.level = capacity;
    this.updatedAtMs = nowMs;
  }

  get refillPerSecond(): number {
    return this.refillRate;
  }

  /** From `nowMs` on, refills at `perSecond` (what was refilled until then stays). */
  setRefillPerSecond(perSecond: number, nowMs: number): void {
    this.refill(nowMs);
    this.refillRate = perSecond;
  }

  /** Takes `amount` unconditionally (the caller checked it is there). */
  take(amount: number, nowMs: number): void {
    this.refill(nowMs);
    this.level -= amount;
  }

  /** Takes `amount` if available; returns false (taking nothing) otherwise. */
  tryTake(amount: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (this.level < amount) return false;
    this.level -= amount;
    return true;
  }

  remaining(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.level);
  }

  /** Seconds until the bucket is full again. */
  secondsUntilFull(nowMs: number): number {
    this.refill(nowMs);
    return (this.capacity - this.level) / this.refillRate;
  }

  /** Seconds until `amount` tokens are available. */
  secondsUntilAvailable(amount: number, nowMs: number): number {
    this.refill(nowMs);
    return Math.max(0, (Math.min(amount, this.capacity) - this.level) / this.refillRate);
  }

  private refill(nowMs: number): void {
    const elapsedMs = nowMs - this.updatedAtMs;
    if (elapsedMs <= 0) return;
    this.level = Math.min(this.capacity, this.level + (elapsedMs / 1000) * this.refillRate);
    this.updatedAtMs = nowMs;
  }
}
