/**
 * Our own token bucket for one budget (requests or tokens): sends wait until it holds their cost.
 * Off (no rate) until something taught us a rate; its capacity is the burst we allow ourselves,
 * which is not the server's (unknown) capacity but what we have seen it accept.
 */
export class Pacer {
  /** Per ms; undefined while pacing is off. */
  private rate: number | undefined;
  private capacity = 0;
  private level = 0;
  private updatedAt = 0;

  get ratePerMs(): number | undefined {
    return this.rate;
  }

  get burst(): number {
    return this.capacity;
  }

  /** ms until `cost` can be sent (0: now). A cost above the capacity waits for a full bucket. */
  delayFor(cost: number, now: number): number {
    const rate = this.rate;
    if (rate === undefined) return 0;
    const needed = Math.min(cost, this.capacity);
    const level = this.levelAt(now);
    return level >= needed ? 0 : (needed - level) / rate;
  }

  /** Debits a send; returns what is left, which is more than nothing when the send spent saved-up burst. */
  take(cost: number, now: number): number {
    if (this.rate === undefined) return 0;
    this.level = this.levelAt(now) - cost;
    this.updatedAt = now;
    return this.level;
  }

  /**
   * Paces at `ratePerMs` from now on, allowing bursts of `burst`. What was saved up stays, up to
   * the new burst; a bucket just switched on starts empty (a 429 just said the server's is), or
   * full when nothing was sent against it yet.
   */
  setRate(ratePerMs: number, burst: number, now: number, startFull = false): void {
    const wasOn = this.rate !== undefined;
    const level = wasOn ? this.levelAt(now) : startFull ? burst : 0;
    this.rate = ratePerMs;
    this.capacity = Math.max(burst, Number.MIN_VALUE);
    this.level = Math.min(level, this.capacity);
    this.updatedAt = now;
  }

  setBurst(burst: number, now: number): void {
    if (this.rate === undefined) return;
    this.level = Math.min(this.levelAt(now), burst);
    this.capacity = burst;
    this.updatedAt = now;
  }

  /** The server just said its bucket is empty: so is ours. */
  empty(now: number): void {
    if (this.rate === undefined) return;
    this.level = Math.min(0, this.levelAt(now));
    this.updatedAt = now;
  }

  private levelAt(now: number): number {
    const rate = this.rate;
    if (rate === undefined || now <= this.updatedAt) return this.level;
    return Math.min(this.capacity, this.level + rate * (now - this.updatedAt));
  }
}
