/**
 * The host's messages, validated and handled in arrival order, but not all in one go: after
 * `init` the inbox waits until the grid has painted, then handles the queued batches one task at
 * a time (within a small time budget), so 30,000 cells arriving in chunks neither delay the
 * first paint nor freeze scrolling while they fill in.
 */
import { toWebviewMessageSchema, type ToWebviewMessage } from '../../src/shared/protocol';

/** Handle queued messages until this much of a task is used, then yield to rendering and input. */
const TASK_BUDGET_MS = 8;

export interface InboxScheduler {
  /** After the next frame has been painted. */
  afterPaint(callback: () => void): void;
  /** In a later task. */
  later(callback: () => void): void;
  now(): number;
}

export class HostInbox {
  private readonly queue: unknown[] = [];
  private scheduled = false;

  constructor(
    private readonly handle: (message: ToWebviewMessage) => void,
    private readonly scheduler: InboxScheduler,
  ) {}

  receive(raw: unknown): void {
    this.queue.push(raw);
    if (!this.scheduled) this.drain();
  }

  private drain(): void {
    this.scheduled = false;
    const start = this.scheduler.now();
    while (this.queue.length > 0) {
      const message = this.validate(this.queue.shift());
      if (!message) continue;
      this.handle(message);
      if (message.type === 'init') return this.schedule('afterPaint');
      if (this.queue.length > 0 && this.scheduler.now() - start >= TASK_BUDGET_MS) return this.schedule('later');
    }
  }

  private schedule(when: 'afterPaint' | 'later'): void {
    this.scheduled = true;
    this.scheduler[when](() => this.drain());
  }

  private validate(raw: unknown): ToWebviewMessage | undefined {
    const parsed = toWebviewMessageSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    console.warn('Refinery: ignored an invalid message from the host:', parsed.error.issues);
    return undefined;
  }
}
