/**
 * Hands answers to their callers a few per event-loop turn instead of all in the turn they arrive.
 *
 * Why: undici (7.x) writes a request on a reused keep-alive socket only after one turn of the
 * event loop (its idle-socket check, GHSA-35p6-xmwp-9g52). When many answers arrive in one
 * turn, the SDK and executor work of every one of them would run in that turn, and each
 * follow-up request would wait for all of it. The requests then leave in one burst, come back
 * in one burst, and the client idles in between: at concurrency 128 that alone cost a third of
 * the throughput. Released a few per turn, each answer's follow-up request leaves right after
 * its own answer's work, and the requests stay spread out.
 */
import { Deque } from '../executor/deque';

export class AnswerPacer {
  private readonly queue = new Deque<() => void>();
  private scheduled = false;

  /** `perTurn`: answers released per event-loop turn. */
  constructor(private readonly perTurn: number) {}

  /** Calls `release` in a later turn, in arrival order. */
  defer(release: () => void): void {
    this.queue.pushBack(release);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  private readonly drain = (): void => {
    // Counted first: an answer deferred by a release waits for a later turn too.
    const count = Math.min(this.perTurn, this.queue.length);
    for (let i = 0; i < count; i++) this.queue.shift()?.();
    if (this.queue.length > 0) setImmediate(this.drain);
    else this.scheduled = false;
  };
}

/** One for the process: every provider's answers share the one event loop. */
export const answerPacer = new AnswerPacer(2);
