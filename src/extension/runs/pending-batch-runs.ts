/**
 * The batch runs that may still need tracking, remembered machine-wide (the extension's
 * globalState), so that a window opening a prompt folder opens no store at startup when no batch
 * run is pending. Set when tracking starts, dropped when its batches are folded; resuming from the
 * store rewrites it with what it found. Batches submitted by the CLI are taken up when the Runs
 * view lists the runs.
 */
import { z } from 'zod';

/** The part of `vscode.Memento` this needs. */
export interface PendingMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export const PENDING_BATCH_RUNS_KEY = 'refinery.pendingBatchRuns';

const runIds = z.array(z.string());

export class PendingBatchRuns {
  constructor(private readonly memento: PendingMemento) {}

  /** True when a run may be pending; also when what is stored cannot be read (resuming finds out). */
  any(): boolean {
    const stored = this.memento.get(PENDING_BATCH_RUNS_KEY);
    if (stored === undefined) return false;
    const parsed = runIds.safeParse(stored);
    return !parsed.success || parsed.data.length > 0;
  }

  async add(runId: string): Promise<void> {
    const ids = this.read();
    if (!ids.includes(runId)) await this.memento.update(PENDING_BATCH_RUNS_KEY, [...ids, runId]);
  }

  async remove(runId: string): Promise<void> {
    const ids = this.read();
    if (ids.includes(runId)) await this.memento.update(PENDING_BATCH_RUNS_KEY, ids.filter((id) => id !== runId));
  }

  /** What resuming from the store found pending (and is now tracking). */
  async replace(ids: readonly string[]): Promise<void> {
    await this.memento.update(PENDING_BATCH_RUNS_KEY, [...new Set(ids)]);
  }

  private read(): string[] {
    const parsed = runIds.safeParse(this.memento.get(PENDING_BATCH_RUNS_KEY));
    return parsed.success ? parsed.data : [];
  }
}
