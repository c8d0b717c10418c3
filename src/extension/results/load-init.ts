import path from 'node:path';
import { cellIdOf } from '../../core/model/cell-id';
import { storedBatchDiscount } from '../../core/model/run-config';
import { modelIdOf } from '../../core/run/run-plan';
import type { ModelView, RunStatusView, ToWebviewMessage } from '../../shared/protocol';
import type { CellInput, CellRecord, DatasetRowRecord, RunRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';
import { UserError } from '../../core/errors';
import { runHasChecks } from '../../shared/stats/outcome';
import { NO_DATASET_ROW, toCellView, toRowView, type AnyCell } from './cell-view';
import { runTitle } from '../runs/run-title';

type InitMessage = Extract<ToWebviewMessage, { type: 'init' }>;

export interface LoadedInit {
  message: InitMessage;
  title: string;
  run: RunRecord;
  rows: Map<string, DatasetRowRecord>;
  cells: Map<string, AnyCell & { id?: string }>;
}

/** What a live run adds to what the store holds (cells streamed but maybe not written yet). */
export interface LiveRunState {
  progress: { done: number; total: number };
  cells: ReadonlyMap<string, CellInput>;
}

export function modelViews(run: RunRecord): ModelView[] {
  const batch = run.config.batch === true;
  return run.models.map((m) => ({
    runModelId: m.id,
    label: m.displayLabel || `${m.provider}/${m.model}`,
    provider: m.provider,
    model: m.model,
    simulated: m.provider === 'sim',
    ...(batch && { batch: { discount: storedBatchDiscount(run.config, modelIdOf(m)) ?? null } }),
  }));
}

/** Everything the grid needs to paint a run: run, models, rows, cells (store + live), progress. */
export async function loadInit(store: Store, runId: string, live: LiveRunState | undefined): Promise<LoadedInit> {
  const run = await store.getRun(runId);
  if (!run) throw new UserError('store.not-found', `run ${runId} is no longer in the store`, {}, 'open another run from the Runs view');
  const [dataset, prompt, rowRecords, stored] = await Promise.all([
    run.datasetId ? store.getDataset(run.datasetId) : Promise.resolve(null),
    run.promptId ? store.getPrompt(run.promptId) : Promise.resolve(null),
    run.datasetId ? store.getDatasetRows(run.datasetId) : Promise.resolve([]),
    store.listCells(runId),
  ]);

  const cells = new Map<string, AnyCell & { id?: string }>();
  for (const cell of stored) cells.set(cellIdOf(cell.runModelId, cell.datasetRowId), cell satisfies CellRecord);
  for (const [key, cell] of live?.cells ?? []) {
    const known = cells.get(key);
    if (!known) cells.set(key, cell);
  }
  const rows = new Map(rowRecords.map((row) => [row.id, row]));
  const rowCount = run.datasetId ? rowRecords.length : 1;
  const totalCells = rowCount * run.models.length;
  const promptName = prompt?.name ?? path.basename(run.config.promptPath, '.prompt');
  const status: RunStatusView = live ? 'running' : run.status;
  const progress = live ? live.progress : { done: cells.size, total: totalCells };
  const graders = run.config.graders.length > 0 ? run.config.graders.map((g) => g.ref) : Object.keys(run.graderTexts);

  return {
    run,
    rows,
    cells,
    title: runTitle(run, promptName),
    message: {
      type: 'init',
      run: { runId, promptName, datasetName: dataset?.name ?? null, status, createdAt: run.createdAt, totalCells, graders, checked: runHasChecks(run, stored), ...(run.config.batch === true && { batch: true }) },
      models: modelViews(run),
      rows: run.datasetId ? rowRecords.map(toRowView) : [NO_DATASET_ROW],
      cells: [...cells.values()].map(toCellView),
      progress,
    },
  };
}
