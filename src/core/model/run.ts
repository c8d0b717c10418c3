import type { JsonValue } from './json';
import type { RunConfig } from './run-config';

export type RunStatus = 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';

/** A run not ended yet: created, or running (here or in another process). */
export function isOpenRunStatus(status: RunStatus): boolean {
  return status === 'pending' || status === 'running';
}

export interface RunModelInput {
  provider: string;
  model: string;
  displayLabel: string;
  params: Record<string, JsonValue>;
}

export interface RunModelRecord extends RunModelInput {
  id: string;
  runId: string;
}

/** The text of every partial (`{{> name}}`) a run used: the prompt's by name, each grader's by ref, then name. */
export interface RunPartialTexts {
  prompt: Record<string, string>;
  graders: Record<string, Record<string, string>>;
}

export interface RunInput {
  promptId: string | null;
  datasetId: string | null;
  /** The exact prompt text that ran, so editing the file never changes history. */
  promptText: string;
  /** Grader path → exact grader text used. */
  graderTexts: Record<string, string>;
  /** The partial texts used, likewise; none when absent. */
  partialTexts?: RunPartialTexts;
  config: Record<string, JsonValue>;
  models: RunModelInput[];
}

export interface RunRecord {
  id: string;
  promptId: string | null;
  datasetId: string | null;
  status: RunStatus;
  promptText: string;
  graderTexts: Record<string, string>;
  partialTexts: RunPartialTexts;
  config: RunConfig;
  createdAt: string;
  updatedAt: string;
  models: RunModelRecord[];
}

export interface RunSummaryRecord extends RunRecord {
  promptName: string | null;
  cellCount: number;
  failedCount: number;
}
