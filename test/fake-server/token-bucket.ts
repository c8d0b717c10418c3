/**
 * A continuously refilling token bucket: `capacity` tokens, refilled at `refillPerSecond`.
 * Time is passed in (ms) so callers read the clock once per request.
 */
export class TokenBucket {
  private level: number;
  private updatedAtMs: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    nowMs: number,
  ) {
    this.level = capacity;
    this.updatedAtMs = nowMs;
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
    return (this.capacity - this.level) / this.refillPerSecond;
  }

  /** Seconds until `amount` tokens are available. */
  secondsUntilAvailable(amount: number, nowMs: number): number {
    this.refill(nowMs);
    return Math.max(0, (Math.min(amount, this.capacity) - this.level) / this.refillPerSecond);
  }

  private refill(nowMs: number): void {
    const elapsedMs = nowMs - this.updatedAtMs;
    if (elapsedMs <= 0) return;
    this.level = Math.min(this.capacity, this.level + (elapsedMs / 1000) * this.refillPerSecond);
    this.updatedAtMs = nowMs;
  }
}
