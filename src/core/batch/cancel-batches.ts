import type { RunPlan } from '../run/run-plan';
import type { BatchStore } from '../ports/batch-store';
import type { RunModelRecord } from '../model';
import type { Store } from '../ports/store';
import { isFinishedState, type BatchClient } from './types';

/**
 * Asks the provider to cancel every open batch of the run and records the answer. The lines
 * that finished before the cancel still come back (tracking folds them); the rest stay
 * re-runnable. Returns how many batches were asked.
 */
export async function cancelBatches(plan: RunPlan, deps: { store: Store & BatchStore; clientFor(runModel: RunModelRecord): BatchClient }): Promise<number> {
  let asked = 0;
  for (const record of await deps.store.listRunBatches(plan.run.id)) {
    const runModel = plan.run.models.find((m) => m.id === record.runModelId);
    if (!runModel || record.batchId === null || record.foldedAt !== null || isFinishedState(record.state)) continue;
    const status = await deps.clientFor(runModel).cancel(record.batchId);
    await deps.store.updateRunBatch(record.id, { state: status.state, completedCount: status.completed, failedCount: status.failed });
    asked++;
  }
  return asked;
}
