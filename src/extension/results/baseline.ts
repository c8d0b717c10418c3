/** Picking and loading a baseline run for the results panel's comparison. */
import * as vscode from 'vscode';
import type { CompareSide } from '../../core/compare';
import { UserError } from '../../core/errors';
import type { RunRecord, RunSummaryRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { labelText } from '../untrusted-text';

const timeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function runLabel(run: Pick<RunRecord, 'createdAt'> & { promptName?: string | null }, promptName: string): string {
  return `${run.promptName ?? promptName} · ${timeFormat.format(new Date(run.createdAt))}`;
}

/** A run with its cells and dataset rows, as `compareRuns` takes it. */
export async function loadCompareSide(store: Store, runId: string): Promise<CompareSide> {
  const run = await store.getRun(runId);
  if (!run) throw new UserError('store.not-found', `run ${runId} is no longer in the store`, {}, 'pick another baseline run');
  const [cells, rows] = await Promise.all([store.listCells(run.id), run.datasetId ? store.getDatasetRows(run.datasetId) : Promise.resolve([])]);
  return { run, cells, rows };
}

/** The dataset file a run read: each run stores its own copy of the rows, so runs match by file, not by dataset id. */
const datasetPathOf = (run: RunRecord): string | null => run.config.datasetPath;

/** Earlier runs of the same prompt on the same dataset file, newest first. */
export async function baselineCandidates(store: Store, run: RunRecord): Promise<RunSummaryRecord[]> {
  if (!run.promptId) return [];
  const runs = await store.listRuns({ promptId: run.promptId, limit: 200 });
  return runs
    .filter((r) => r.id !== run.id && datasetPathOf(r) === datasetPathOf(run) && r.createdAt <= run.createdAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Quick pick of a baseline among the earlier runs of the same prompt and dataset. */
export async function pickBaselineRun(store: Store, run: RunRecord, promptName: string): Promise<string | undefined> {
  const candidates = await baselineCandidates(store, run);
  if (candidates.length === 0) {
    throw new UserError('store.not-found', `no earlier run of ${promptName} on the same dataset to compare with`, {}, 'run the prompt again after changing it, then compare the new run with this one');
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((r) => ({
      label: labelText(runLabel(r, promptName)),
      description: labelText(r.status),
      detail: labelText`${r.models.map((m) => m.displayLabel || `${m.provider}/${m.model}`).join(', ')} · ${r.cellCount} cells, ${r.failedCount} errored`,
      runId: r.id,
    })),
    { title: `Compare ${promptName} with a baseline run`, placeHolder: 'an earlier run of the same prompt and dataset', matchOnDetail: true },
  );
  return picked?.runId;
}
