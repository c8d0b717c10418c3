/** The `Store` on a Supabase project, through supabase-js. Open it with `openSupabaseStore`. */
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
import type { StoreClient } from './client';
import type { StoreContext } from './context';
import * as datasets from './datasets';
import * as pairwise from './pairwise';
import * as prompts from './prompts';
import * as runs from './runs';

export class SupabaseStore implements Store, BatchStore {
  readonly kind = 'supabase' as const;
  private readonly ctx: StoreContext;

  constructor(
    readonly client: StoreClient,
    /** The auth user whose data this store reads and writes. */
    readonly ownerId: string,
  ) {
    this.ctx = { client, ownerId };
  }

  upsertPrompt(input: Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>): Promise<PromptRecord> {
    return prompts.upsertPrompt(this.ctx, input);
  }

  getPrompt(id: string): Promise<PromptRecord | null> {
    return prompts.getPrompt(this.ctx, id);
  }

  listPrompts(): Promise<PromptRecord[]> {
    return prompts.listPrompts(this.ctx);
  }

  deletePrompt(id: string): Promise<void> {
    return prompts.deletePrompt(this.ctx, id);
  }

  createDataset(
    input: Pick<DatasetRecord, 'name' | 'filePath' | 'columns'>,
    rows: AsyncIterable<Array<Record<string, JsonValue>>>,
    options?: CreateDatasetOptions,
  ): Promise<DatasetRecord> {
    return datasets.createDataset(this.ctx, input, rows, options);
  }

  getDataset(id: string): Promise<DatasetRecord | null> {
    return datasets.getDataset(this.ctx, id);
  }

  listDatasets(): Promise<DatasetRecord[]> {
    return datasets.listDatasets(this.ctx);
  }

  getDatasetRows(datasetId: string, options?: { offset?: number; limit?: number }): Promise<DatasetRowRecord[]> {
    return datasets.getDatasetRows(this.ctx, datasetId, options);
  }

  findDatasetByContentHash(contentHash: string): Promise<DatasetRecord | null> {
    return datasets.findDatasetByContentHash(this.ctx, contentHash);
  }

  countDatasetRuns(): Promise<Map<string, number>> {
    return datasets.countDatasetRuns(this.ctx);
  }

  deleteDataset(id: string): Promise<DatasetDeletion> {
    return datasets.deleteDataset(this.ctx, id);
  }

  createRun(input: RunInput): Promise<RunRecord> {
    return runs.createRun(this.ctx, input);
  }

  getRun(id: string): Promise<RunRecord | null> {
    return runs.getRun(this.ctx, id);
  }

  listRuns(options?: { promptId?: string; limit?: number }): Promise<RunSummaryRecord[]> {
    return runs.listRuns(this.ctx, options);
  }

  setRunStatus(id: string, status: RunStatus): Promise<void> {
    return runs.setRunStatus(this.ctx, id, status);
  }

  deleteRun(id: string): Promise<void> {
    return runs.deleteRun(this.ctx, id);
  }

  saveCells(input: CellInput[]): Promise<void> {
    return cells.saveCells(this.ctx, input);
  }

  listCells(runId: string): Promise<CellRecord[]> {
    return cells.listCells(this.ctx, runId);
  }

  listCellMetrics(runId: string): Promise<CellMetrics[]> {
    return cells.listCellMetrics(this.ctx, runId);
  }

  setManualGrade(cellId: string, grade: { score: number | null; pass: boolean | null; note: string | null }): Promise<void> {
    return cells.setManualGrade(this.ctx, cellId, grade);
  }

  savePairwiseComparison(input: PairwiseComparisonInput): Promise<PairwiseComparisonRecord> {
    return pairwise.savePairwiseComparison(this.ctx, input);
  }

  // Batch runs (see core/ports/batch-store.ts) ------------------------------------------------------------
  createRunBatch(input: RunBatchInput): Promise<RunBatchRecord> {
    return batches.createRunBatch(this.ctx, input);
  }

  updateRunBatch(id: string, update: RunBatchUpdate): Promise<RunBatchRecord> {
    return batches.updateRunBatch(this.ctx, id, update);
  }

  listRunBatches(runId: string): Promise<RunBatchRecord[]> {
    return batches.listRunBatches(this.ctx, runId);
  }

  listPairwiseComparisons(runId: string): Promise<PairwiseComparisonRecord[]> {
    return pairwise.listPairwiseComparisons(this.ctx, runId);
  }

  listCellRequests(runId: string, cellIds?: readonly string[]): Promise<Map<string, SentRequest>> {
    return cells.listCellRequests(this.ctx, runId, cellIds);
  }

  /** Stops the session refresh timer and closes realtime sockets; the session itself stays valid. */
  async close(): Promise<void> {
    await this.client.auth.stopAutoRefresh();
    await this.client.removeAllChannels();
  }
}
