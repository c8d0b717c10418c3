/** The `Store` on the local database (a client of the store host). Open it with `openLocalStore`. */
import type { BatchStore, RunBatchInput, RunBatchRecord, RunBatchUpdate } from '../../core/ports/batch-store';
import * as batches from './batches';
import type {
  CellInput,
  CellMetrics,
  CellRecord,
  CreateDatasetOptions,
  DatasetDeletion,
  DatasetRecord,
  DatasetRowRecord,
  JsonValue,
  PairwiseComparisonInput,
  PairwiseComparisonRecord,
  PromptRecord,
  RunInput,
  RunRecord,
  RunStatus,
  RunSummaryRecord,
  SentRequest,
  Store,
} from '../types';
import * as cells from './cells';
import * as datasets from './datasets';
import { CHANGE_STAMP_QUERY } from './host/change-counter';
import type { Database } from './db';
import { LOCAL_USER_ID } from './local-user';
import * as pairwise from './pairwise';
import * as prompts from './prompts';
import * as runs from './runs';

export class LocalStore implements Store, BatchStore {
  readonly kind = 'local' as const;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly closeDatabase: () => Promise<void>,
    /** The folder holding `pgdata/`, `store.lock` and the host's socket. */
    readonly dataDir: string,
  ) {}

  upsertPrompt(input: Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>): Promise<PromptRecord> {
    return prompts.upsertPrompt(this.db, input);
  }

  getPrompt(id: string): Promise<PromptRecord | null> {
    return prompts.getPrompt(this.db, id);
  }

  listPrompts(): Promise<PromptRecord[]> {
    return prompts.listPrompts(this.db);
  }

  deletePrompt(id: string): Promise<void> {
    return prompts.deletePrompt(this.db, id);
  }

  createDataset(
    input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
    rows: AsyncIterable<Array<Record<string, JsonValue>>>,
    options?: CreateDatasetOptions,
  ): Promise<DatasetRecord> {
    return datasets.createDataset(this.db, LOCAL_USER_ID, input, rows, options);
  }

  findDatasetByContentHash(contentHash: string): Promise<DatasetRecord | null> {
    return datasets.findDatasetByContentHash(this.db, contentHash);
  }

  countDatasetRuns(): Promise<Map<string, number>> {
    return datasets.countDatasetRuns(this.db);
  }

  deleteDataset(id: string): Promise<DatasetDeletion> {
    return datasets.deleteDataset(this.db, id);
  }

  getDataset(id: string): Promise<DatasetRecord | null> {
    return datasets.getDataset(this.db, id);
  }

  listDatasets(): Promise<DatasetRecord[]> {
    return datasets.listDatasets(this.db);
  }

  getDatasetRows(datasetId: string, options?: { offset?: number; limit?: number }): Promise<DatasetRowRecord[]> {
    return datasets.getDatasetRows(this.db, datasetId, options);
  }

  createRun(input: RunInput): Promise<RunRecord> {
    return runs.createRun(this.db, input);
  }

  getRun(id: string): Promise<RunRecord | null> {
    return runs.getRun(this.db, id);
  }

  listRuns(options?: { promptId?: string; limit?: number }): Promise<RunSummaryRecord[]> {
    return runs.listRuns(this.db, options);
  }

  setRunStatus(id: string, status: RunStatus): Promise<void> {
    return runs.setRunStatus(this.db, id, status);
  }

  deleteRun(id: string): Promise<void> {
    return runs.deleteRun(this.db, id);
  }

  saveCells(input: CellInput[]): Promise<void> {
    return cells.saveCells(this.db, LOCAL_USER_ID, input);
  }

  listCells(runId: string): Promise<CellRecord[]> {
    return cells.listCells(this.db, runId);
  }

  listCellMetrics(runId: string): Promise<CellMetrics[]> {
    return cells.listCellMetrics(this.db, runId);
  }

  setManualGrade(cellId: string, grade: { score: number | null; pass: boolean | null; note: string | null }): Promise<void> {
    return cells.setManualGrade(this.db, cellId, grade);
  }

  savePairwiseComparison(input: PairwiseComparisonInput): Promise<PairwiseComparisonRecord> {
    return pairwise.savePairwiseComparison(this.db, input);
  }

  // Batch runs (see core/ports/batch-store.ts) ------------------------------------------------------------
  createRunBatch(input: RunBatchInput): Promise<RunBatchRecord> {
    return batches.createRunBatch(this.db, LOCAL_USER_ID, input);
  }

  updateRunBatch(id: string, update: RunBatchUpdate): Promise<RunBatchRecord> {
    return batches.updateRunBatch(this.db, id, update);
  }

  listRunBatches(runId: string): Promise<RunBatchRecord[]> {
    return batches.listRunBatches(this.db, runId);
  }

  listPairwiseComparisons(runId: string): Promise<PairwiseComparisonRecord[]> {
    return pairwise.listPairwiseComparisons(this.db, runId);
  }

  listCellRequests(runId: string, cellIds?: readonly string[]): Promise<Map<string, SentRequest>> {
    return cells.listCellRequests(this.db, runId, cellIds);
  }

  /**
   * Changes whenever anything in the store was written, by any process: poll it to notice runs
   * written elsewhere (one tiny query).
   */
  async changeStamp(): Promise<string> {
    const result = await this.db.query<{ stamp: string }>(CHANGE_STAMP_QUERY);
    return result.rows[0]?.stamp ?? '';
  }

  /** Waits for queued queries, then disconnects (or closes the embedded database). Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeDatabase();
    return this.closing;
  }
}
