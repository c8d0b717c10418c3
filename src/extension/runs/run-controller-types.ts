/** What the run controller takes and tells (see `run-controller.ts`). */
import type { RunComparison } from '../../core/compare';
import type { ProviderRegistry } from '../../core/providers';
import type { PreparedRun, RunEvent, RunSession } from '../../core/run';
import type { RunSessionOptions } from '../../core/run/run-session';
import type { CellInput, DatasetRowRecord, RunStatus } from '../../core/model';
import type { Store } from '../../core/ports/store';
import type { RefinerySettings } from '../settings-schema';
import type { RunEngine } from './run-engine';
import type { ProgressReporter } from './run-progress';

export interface RunRequest {
  promptPath: string;
  /** absolute */
  datasetPath?: string;
  /** A dataset already in the store (its rows are read from there); instead of `datasetPath`. */
  datasetId?: string;
  models?: string[];
  graders?: string[];
  judge?: string;
}

export interface RunOptions {
  openResults: boolean;
  /** false skips the cost confirmation (tests, callers that confirmed already); default: ask above the threshold. */
  confirmCost?: boolean;
}

/** A pairwise judge on the outputs of a comparison (this run = A, its baseline = B). */
export interface PairwiseRequest {
  comparison: RunComparison;
  /** The current run's dataset rows (what the judge prompt renders with). */
  rows: readonly DatasetRowRecord[];
  /** Absolute path of the judge, and how it is named (workspace-relative). */
  judgeFile: string;
  judgeRef: string;
}

export interface RunProgress {
  done: number;
  total: number;
}

export interface ActiveRun {
  readonly runId: string;
  readonly promptName: string;
  readonly progress: RunProgress;
  /** Every cell this run has produced so far, by grid key (some may not be written to the store yet). */
  readonly cells: ReadonlyMap<string, CellInput>;
}

export interface RunEnded {
  runId: string;
  promptName: string;
  status: RunStatus;
  completed: number;
  failed: number;
}

export interface RunEventEnvelope {
  runId: string;
  event: RunEvent;
}

/** One run to execute, with what it needs. */
export interface ExecuteJob {
  engine: RunEngine;
  store: Store;
  session: RunSession;
  registry: ProviderRegistry;
  settings: RefinerySettings;
  promptName: string;
  openResults: boolean;
  progress: ProgressReporter;
  abort: AbortController;
  rerunFailedGrades?: boolean;
  /** Leave the cells that never ran alone (Re-run failed without "Run Not Run"). */
  onlyStoredCells?: boolean;
}

export interface MutableRun extends ActiveRun {
  progress: RunProgress;
  cells: Map<string, CellInput>;
  abort: AbortController;
}

/** A request checked and compiled (`RunController.prepare`), before anything is stored. */
export interface PreparedRequest {
  engine: RunEngine;
  prepared: PreparedRun;
  settings: RefinerySettings;
  runOptions: RunSessionOptions;
}
