/**
 * Submits a run's pending cells as batches: per run model, its lines are cut into files within
 * the provider's limits; each file is uploaded, recorded in the store (so a crash after this
 * point loses nothing: tracking resumes from the stored ids), then the batch is created.
 */
import { UserError } from '../errors';
import type { MaxTokensField } from '../providers/chat-wire';
import type { RunPlan } from '../run/run-plan';
import type { BatchStore, RunBatchRecord } from '../ports/batch-store';
import type { CellInput, DatasetRowRecord, RunModelRecord } from '../model';
import type { Store } from '../ports/store';
import type { BatchOffer } from './batch-offers';
import { batchCustomId, batchLines, type BatchLine } from './batch-lines';
import { failedCell } from './failed-cell';
import { splitAtLimits } from './split-at-limits';
import type { BatchClient } from './types';

export interface SubmitDeps {
  store: Store & BatchStore;
  offerFor(runModel: RunModelRecord): BatchOffer;
  clientFor(runModel: RunModelRecord): BatchClient;
  now: () => Date;
}

export interface SubmitOutcome {
  /** The run's batches after submitting, by position. */
  batches: RunBatchRecord[];
  /** Lines sent in new batches now. */
  submittedLines: number;
}

const maxTokensFieldOf = (offer: BatchOffer): MaxTokensField => (offer.flavour === 'openai' ? 'max_tokens' : 'max_completion_tokens');

/** Cells already completed, or held by a batch that is still open or not folded yet, are not sent again. */
async function pendingKeys(plan: RunPlan, store: Store & BatchStore, existing: readonly RunBatchRecord[]): Promise<(key: string) => boolean> {
  const done = new Set<string>();
  for (const cell of await store.listCellMetrics(plan.run.id)) done.add(batchCustomId(cell.runModelId, cell.datasetRowId));
  // A model whose batch is not folded yet has its cells in flight: its failed cells wait for that batch.
  const modelsInFlight = new Set(existing.filter((b) => b.foldedAt === null).map((b) => b.runModelId));
  return (key) => !done.has(key) && !modelsInFlight.has(key.slice(0, key.indexOf('|')));
}

export async function submitBatches(plan: RunPlan, rows: readonly DatasetRowRecord[] | null, deps: SubmitDeps): Promise<SubmitOutcome> {
  const { store } = deps;
  if (plan.compiled.prompt.refinery.repeat > 1) {
    throw new UserError('batch.unsupported', 'refinery.repeat > 1 is not sent as a batch (each sample would be its own line)', {}, 'run without --batch, or drop refinery.repeat for the batch run');
  }
  const existing = await store.listRunBatches(plan.run.id);
  // Recorded without a batch id (the process stopped between upload and create, or before the
  // create's answer was stored): adopt the batch the provider made from that file, else create it.
  for (const record of existing.filter((b) => b.batchId === null)) {
    const runModel = plan.run.models.find((m) => m.id === record.runModelId);
    if (!runModel) continue;
    const client = deps.clientFor(runModel);
    const made = await client.findByInputFile(record.inputFileId);
    if (made) await store.updateRunBatch(record.id, { batchId: made.batchId, state: made.state, errorText: made.errors, submittedAt: deps.now().toISOString() });
    else await createAtProvider(record, client, deps);
  }
  const isPending = await pendingKeys(plan, store, existing);
  const offers = new Map(plan.run.models.map((m) => [m.id, deps.offerFor(m)]));
  const byModel = await batchLines(plan, rows, isPending, (runModel) => maxTokensFieldOf(offers.get(runModel.id) ?? deps.offerFor(runModel)));

  const unrenderable: CellInput[] = byModel.flatMap((m) => m.unrenderable.map((u) => failedCell(m.runModel.id, u.datasetRowId, u.message, 0)));
  if (unrenderable.length > 0) await store.saveCells(unrenderable);

  let position = existing.reduce((max, b) => Math.max(max, b.position), 0);
  let submittedLines = 0;
  for (const { runModel, lines } of byModel) {
    if (lines.length === 0) continue;
    const offer = offers.get(runModel.id) ?? deps.offerFor(runModel);
    if (lines.length < offer.limits.minLines) {
      throw new UserError(
        'batch.unsupported',
        `${runModel.provider}/${runModel.model} has ${lines.length} cell${lines.length === 1 ? '' : 's'} to run; ${offer.providerId}'s Batch API takes at least ${offer.limits.minLines} requests per batch`,
        {},
        'run these cells live (without --batch)',
      );
    }
    const client = deps.clientFor(runModel);
    for (const slice of splitAtLimits(lines.map((line) => Buffer.byteLength(line.json)), offer.limits)) {
      const part = lines.slice(slice.start, slice.end);
      position++;
      const inputFileId = await client.upload(jsonlOf(part), `refinery-${plan.run.id}-${position}.jsonl`);
      const record = await store.createRunBatch({
        runId: plan.run.id,
        runModelId: runModel.id,
        provider: runModel.provider,
        position,
        inputFileId,
        completionWindow: offer.completionWindow,
        lineCount: part.length,
      });
      await createAtProvider(record, client, deps);
      submittedLines += part.length;
    }
  }
  if (submittedLines > 0) await store.setRunStatus(plan.run.id, 'running');
  return { batches: await store.listRunBatches(plan.run.id), submittedLines };
}

async function createAtProvider(record: RunBatchRecord, client: BatchClient, deps: SubmitDeps): Promise<RunBatchRecord> {
  const status = await client.create(record.inputFileId, record.completionWindow);
  return deps.store.updateRunBatch(record.id, {
    batchId: status.batchId,
    state: status.state,
    errorText: status.errors,
    submittedAt: deps.now().toISOString(),
  });
}

function jsonlOf(lines: readonly BatchLine[]): string {
  let text = '';
  for (const line of lines) text += `${line.json}\n`;
  return text;
}
