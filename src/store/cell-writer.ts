import type { CellInput, Store } from './types';

export interface CellWriterOptions {
  /** Cells per write; one statement per batch. */
  batchSize: number;
  /** A partly filled batch is written after this long, so a crash loses at most the cells in flight. */
  flushIntervalMs: number;
  /**
   * A failed batch is tried this many times, backing off from 50 ms (doubling, at most 2 s), before
   * its cells go back to the buffer for the next flush. The default spans about 9 s: long enough
   * for a local store host that died to be replaced.
   */
  maxWriteAttempts: number;
}

const defaults: CellWriterOptions = { batchSize: 500, flushIntervalMs: 250, maxWriteAttempts: 10 };

/**
 * Persists cells as they complete, in batches, one write at a time. A batch that fails to
 * write stays buffered (nothing is dropped) and `close()` reports the error.
 */
export class CellWriter {
  private buffer: CellInput[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastError: unknown;
  private writtenCount = 0;
  private readonly options: CellWriterOptions;

  constructor(
    private readonly store: Pick<Store, 'saveCells'>,
    options: Partial<CellWriterOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  get written(): number {
    return this.writtenCount;
  }

  add(cell: CellInput): void {
    this.buffer.push(cell);
    if (this.buffer.length >= this.options.batchSize) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves when it is in the store. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.buffer;
    if (batch.length === 0) return this.writing;
    this.buffer = [];
    this.writing = this.writing.then(() => this.writeBatch(batch));
    return this.writing;
  }

  /** Flushes and throws if any cells could not be written (they are kept for a retry). */
  async close(): Promise<void> {
    await this.flush();
    // A batch that failed earlier went back to the buffer; one more try for whatever is still
    // there. Only cells that are still unwritten make close() fail.
    if (this.buffer.length > 0) await this.flush();
    const error = this.lastError;
    this.lastError = undefined;
    if (this.buffer.length === 0) return;
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`could not save ${this.buffer.length} result cell(s) to the store: ${reason}`);
  }

  private async writeBatch(batch: CellInput[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.saveCells(batch);
        this.writtenCount += batch.length;
        return;
      } catch (error) {
        if (attempt >= this.options.maxWriteAttempts) {
          this.lastError = error;
          this.buffer = batch.concat(this.buffer);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** (attempt - 1), 2000)));
      }
    }
  }
}
