import type { CellInput, RunRecord, RunStatus } from '../model';

/** What a run reports while it goes; the CLI draws progress from it, the extension streams it to the grid. */
export type RunEvent =
  | { type: 'run-started'; run: RunRecord; total: number; alreadyDone: number }
  | { type: 'cell-saved'; cell: CellInput; modelId: string; rowIndex: number | null }
  | { type: 'retrying'; modelId: string; rowIndex: number | null; attempt: number; delayMs: number; reason: string }
  /** The provider does not serve this model (retired, unknown): its remaining cells fail at once with `message`. */
  | { type: 'model-stopped'; modelId: string; message: string }
  | { type: 'progress'; done: number; failed: number; total: number; inFlight: number }
  | { type: 'run-finished'; run: RunRecord; status: RunStatus; completed: number; failed: number; cancelled: number };
