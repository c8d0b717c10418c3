/**
 * A local copy of one server-side token bucket (requests or tokens), rebuilt from the
 * `limit / remaining / reset` the server reports on every answer and debited for every send
 * in between, so we can pace sends to keep it from going negative.
 */
export class MirroredBucket {
  /** 0 until the server has told us its limit. */
  private capacity = 0;
  private refillPerMs = 0;
  private level = 0;
  private updatedAt = 0;
  /** Cumulative cost of everything sent, to tell how much was sent after a given request. */
  private sentTotal = 0;
  private lastAppliedSequence = -1;

  /**
   * What is kept free to absorb what a mirror cannot see exactly (network delay, answers
   * overtaking each other, rounding): a share of the capacity, but never more than `reserveMs`
   * of refill, so a big slow bucket (requests per day) is not held back by a large reserve.
   */
  constructor(
    private readonly reserveFraction: number,
    private readonly reserveMs: number,
  ) {}

  get known(): boolean {
    return this.capacity > 0;
  }

  /** ms until `cost` can be sent; 0 means now; Infinity means only a new answer can tell. */
  delayFor(cost: number, now: number): number {
    if (!this.known) return 0;
    const reserve = Math.min(this.capacity * this.reserveFraction, this.refillPerMs * this.reserveMs);
    const needed = Math.min(cost + reserve, this.capacity);
    const level = this.levelAt(now);
    if (level >= needed) return 0;
    return this.refillPerMs > 0 ? (needed - level) / this.refillPerMs : Infinity;
  }

  /** Debits a send; returns the running total to hand back to `observe` with its answer. */
  take(cost: number, now: number): number {
    if (this.known) {
      this.level = this.levelAt(now) - cost;
      this.updatedAt = now;
    }
    this.sentTotal += cost;
    return this.sentTotal;
  }

  /**
   * Learns from an answer to the request sent as number `sequence` at `sentAt`, when the running
   * total was `sentTotalAtSend`. `remaining` is the server's level right after it counted that
   * request; it has refilled since and everything we sent after that request is still to be
   * debited from it. Answers that overtake newer ones only teach the limit and refill rate.
   */
  observe(
    limit: number | undefined,
    remaining: number | undefined,
    resetMs: number | undefined,
    sequence: number,
    sentAt: number,
    sentTotalAtSend: number,
    now: number,
  ): void {
    if (limit === undefined || remaining === undefined || !(limit > 0)) return;
    this.capacity = limit;
    const used = limit - Math.min(remaining, limit);
    // resetMs is the time to refill completely, so the refill rate is what is missing over it.
    if (resetMs !== undefined && resetMs > 0 && used > 0) this.refillPerMs = used / resetMs;
    if (sequence < this.lastAppliedSequence) return;
    this.lastAppliedSequence = sequence;
    const refilled = Math.min(limit, Math.max(0, remaining) + this.refillPerMs * Math.max(0, now - sentAt));
    this.level = refilled - (this.sentTotal - sentTotalAtSend);
    this.updatedAt = now;
  }

  private levelAt(now: number): number {
    if (this.refillPerMs === 0 || now <= this.updatedAt) return this.level;
    return Math.min(this.capacity, this.level + this.refillPerMs * (now - this.updatedAt));
  }
}
