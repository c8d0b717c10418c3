import { storedBatchDiscount } from '../core/model/run-config';
import { isBatchStore } from '../core/ports/batch-store';
import { formatDiscount } from '../shared/stats/percent';
import type { RunRecord } from '../core/model';
import type { Store } from '../core/ports/store';

/** `runs show`: one line per batch of a batch run (none for a live run), with the discount its answers are costed at when the run kept it. */
export async function batchLines(store: Store, run: RunRecord): Promise<string[]> {
  if (!isBatchStore(store)) return [];
  const batches = await store.listRunBatches(run.id);
  return batches.map((b) => {
    const model = run.models.find((m) => m.id === b.runModelId);
    const name = model ? `${model.provider}/${model.model}` : b.provider;
    const discount = storedBatchDiscount(run.config, name);
    const price = discount === undefined ? '' : `, at ${formatDiscount(discount)}`;
    const progress = b.foldedAt !== null ? 'folded' : `${b.completedCount + b.failedCount}/${b.lineCount} done`;
    const problem = b.errorText ? ` · ${b.errorText}` : '';
    return `batch ${b.position} (${name}): ${b.state}, ${b.lineCount} lines, ${progress}${price} · ${b.batchId ?? 'not created yet'}${problem}`;
  });
}
