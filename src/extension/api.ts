import type { Store } from '../core/ports/store';

/**
 * What `activate` returns: for extension-host tests (and other extensions), never for the
 * webview. Tests drive commands with arguments and check results through this.
 */
export interface RefineryApi {
  getStore(): Promise<Store>;
  /** Ids of the runs going on now in this window. */
  activeRunIds(): string[];
  /** Resolves when no run is going on in this window. */
  whenIdle(): Promise<void>;
  /** Prompt sync: saves it has seen, and a promise for the end of what it is doing. */
  sync: {
    savesSeen(): number;
    settled(): Promise<void>;
  };
  /** The batch runs this window tracks (a window reload is `stop` then `resume`, as deactivation and activation do). */
  batchTracking: BatchTracking;
  /** How many cells the open results panel of the run holds (its grid model); undefined when none is open. */
  resultsCellCount(runId: string): number | undefined;
}

export interface BatchTracking {
  trackedRunIds(): string[];
  /** Stops tracking, the batches go on at the provider (what deactivation does). */
  stop(): Promise<void>;
  /** Tracks again every stored run whose batches are not folded yet (what activation does); resolves with their ids. */
  resume(): Promise<string[]>;
}
