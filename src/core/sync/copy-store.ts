import { cellIdOf, type CellInput, type CellRecord, type DatasetRecord, type JsonValue, type RunRecord, type SentRequest } from '../model';
import type { Store } from '../ports/store';

/** Kept in the copied run's config: how a second upload recognises a run it already copied. */
export const IMPORTED_FROM_KEY = 'importedFromRun';

const ROW_PAGE = 2_000;
const CELL_BATCH = 500;

export interface CopyProgress {
  (message: string): void;
}

export interface CopyReport {
  prompts: number;
  datasetsCopied: number;
  datasetsFound: number;
  runsCopied: number;
  runsFound: number;
  cells: number;
}

/**
 * Copies prompts, datasets and runs from one store to another through the `Store` interface
 * (local → Supabase when the user switches). Idempotent: prompts are upserted by path, a
 * dataset already there (same name, file, columns and row count) is reused, a run already
 * copied is found by its `importedFromRun` mark and only its missing cells are filled (cells
 * upsert on model × row), so an interrupted upload is finished by running it again.
 */
export async function copyStore(from: Store, to: Store, progress: CopyProgress = () => undefined, signal?: AbortSignal): Promise<CopyReport> {
  const report: CopyReport = { prompts: 0, datasetsCopied: 0, datasetsFound: 0, runsCopied: 0, runsFound: 0, cells: 0 };

  const promptIds = new Map<string, string>();
  const prompts = await from.listPrompts();
  for (const prompt of prompts) {
    signal?.throwIfAborted();
    progress(`prompt ${prompt.path}`);
    const copied = await to.upsertPrompt({ name: prompt.name, type: prompt.type, body: prompt.body, path: prompt.path, contentHash: prompt.contentHash });
    promptIds.set(prompt.id, copied.id);
    report.prompts += 1;
  }

  const datasetIds = new Map<string, string>();
  const existingDatasets = new Map((await to.listDatasets()).map((dataset) => [datasetKey(dataset), dataset.id]));
  for (const dataset of await from.listDatasets()) {
    signal?.throwIfAborted();
    const existing = existingDatasets.get(datasetKey(dataset)) ?? (dataset.contentHash ? (await to.findDatasetByContentHash(dataset.contentHash))?.id : undefined);
    if (existing) {
      datasetIds.set(dataset.id, existing);
      report.datasetsFound += 1;
      continue;
    }
    progress(`dataset ${dataset.name} (${dataset.rowCount} rows)`);
    const copied = await to.createDataset({ name: dataset.name, filePath: dataset.filePath, columns: dataset.columns }, rowPages(from, dataset.id, signal), {
      contentHash: dataset.contentHash ?? undefined,
      sizeBytes: dataset.sizeBytes ?? undefined,
      sourcePath: dataset.sourcePath ?? undefined,
    });
    datasetIds.set(dataset.id, copied.id);
    report.datasetsCopied += 1;
  }

  const copiedRuns = new Map<string, string>();
  for (const run of await to.listRuns()) {
    const source = run.config[IMPORTED_FROM_KEY];
    if (typeof source === 'string') copiedRuns.set(source, run.id);
  }
  const rowMaps = new Map<string, Map<string, string>>();
  const rowMap = async (datasetId: string): Promise<Map<string, string>> => {
    let map = rowMaps.get(datasetId);
    if (!map) {
      map = await datasetRowIdMap(from, to, datasetId, required(datasetIds.get(datasetId), `dataset ${datasetId}`));
      rowMaps.set(datasetId, map);
    }
    return map;
  };

  for (const summary of await from.listRuns()) {
    signal?.throwIfAborted();
    const run = required(await from.getRun(summary.id), `run ${summary.id}`);
    progress(`run ${run.id.slice(0, 8)} (${summary.cellCount} cells)`);
    const existingId = copiedRuns.get(run.id);
    const target = existingId ? required(await to.getRun(existingId), `run ${existingId}`) : await to.createRun(runInput(run, promptIds, datasetIds));
    if (existingId) report.runsFound += 1;
    else report.runsCopied += 1;

    const modelIds = new Map(run.models.map((model, index) => [model.id, required(target.models[index], `model ${model.id}`).id]));
    const rows = run.datasetId ? await rowMap(run.datasetId) : new Map<string, string>();
    const cells = await from.listCells(run.id);
    const requests = await from.listCellRequests(run.id);
    for (let start = 0; start < cells.length; start += CELL_BATCH) {
      signal?.throwIfAborted();
      await to.saveCells(cells.slice(start, start + CELL_BATCH).map((cell) => cellInput(cell, modelIds, rows, requests.get(cell.id) ?? null)));
    }
    report.cells += cells.length;
    await copyManualGrades(cells, to, modelIds, rows);
    if (target.status !== run.status) await to.setRunStatus(target.id, run.status);
  }
  return report;
}

function datasetKey(dataset: DatasetRecord): string {
  return JSON.stringify([dataset.name, dataset.filePath, dataset.columns, dataset.rowCount]);
}

async function* rowPages(store: Store, datasetId: string, signal?: AbortSignal): AsyncIterable<Array<Record<string, JsonValue>>> {
  for (let offset = 0; ; offset += ROW_PAGE) {
    signal?.throwIfAborted();
    const rows = await store.getDatasetRows(datasetId, { offset, limit: ROW_PAGE });
    if (rows.length === 0) return;
    yield rows.map((row) => row.data);
  }
}

/** Source row id → target row id, matched by row index. */
async function datasetRowIdMap(from: Store, to: Store, fromId: string, toId: string): Promise<Map<string, string>> {
  const byIndex = new Map<number, string>();
  for (let offset = 0; ; offset += ROW_PAGE) {
    const rows = await to.getDatasetRows(toId, { offset, limit: ROW_PAGE });
    if (rows.length === 0) break;
    for (const row of rows) byIndex.set(row.rowIndex, row.id);
  }
  const map = new Map<string, string>();
  for (let offset = 0; ; offset += ROW_PAGE) {
    const rows = await from.getDatasetRows(fromId, { offset, limit: ROW_PAGE });
    if (rows.length === 0) break;
    for (const row of rows) map.set(row.id, required(byIndex.get(row.rowIndex), `row ${row.rowIndex} of the copied dataset`));
  }
  return map;
}

function runInput(run: RunRecord, promptIds: Map<string, string>, datasetIds: Map<string, string>) {
  return {
    promptId: run.promptId ? (promptIds.get(run.promptId) ?? null) : null,
    datasetId: run.datasetId ? (datasetIds.get(run.datasetId) ?? null) : null,
    promptText: run.promptText,
    graderTexts: run.graderTexts,
    partialTexts: run.partialTexts,
    config: { ...run.config, [IMPORTED_FROM_KEY]: run.id },
    models: run.models.map(({ provider, model, displayLabel, params }) => ({ provider, model, displayLabel, params })),
  };
}

function cellInput(cell: CellRecord, modelIds: Map<string, string>, rows: Map<string, string>, request: SentRequest | null): CellInput {
  const { id: _id, manualScore: _score, manualPass: _pass, manualNote: _note, createdAt: _created, ...input } = cell;
  return {
    ...input,
    request,
    runModelId: required(modelIds.get(cell.runModelId), `model ${cell.runModelId}`),
    datasetRowId: cell.datasetRowId === null ? null : required(rows.get(cell.datasetRowId), `row ${cell.datasetRowId}`),
  };
}

async function copyManualGrades(cells: CellRecord[], to: Store, modelIds: Map<string, string>, rows: Map<string, string>): Promise<void> {
  const graded = cells.filter((cell) => cell.manualScore !== null || cell.manualPass !== null || cell.manualNote !== null);
  if (graded.length === 0) return;
  for (const cell of graded) {
    const copied = cellIdOf(required(modelIds.get(cell.runModelId), 'model'), cell.datasetRowId === null ? null : required(rows.get(cell.datasetRowId), 'row'));
    await to.setManualGrade(copied, { score: cell.manualScore, pass: cell.manualPass, note: cell.manualNote });
  }
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`copy: ${what} is missing`);
  return value;
}
