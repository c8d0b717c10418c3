import { isBatchStore } from '../core/ports/batch-store';
import type { RunRecord } from '../core/model';
import type { Store } from '../core/ports/store';

/** `runs show`: one line per batch of a batch run (none for a live run). */
export async function batchLines(store: Store, run: RunRecord): Promise<string[]> {
  if (!isBatchStore(store)) return [];
  const batches = await store.listRunBatches(run.id);
  return batches.map((b) => {
    const model = run.models.find((m) => m.id === b.runModelId);
    const name = model ? `${model.provider}/${model.model}` : b.provider;
    const progress = b.foldedAt !== null ? 'folded' : `${b.completedCount + b.failedCount}/${b.lineCount} done`;
    const problem = b.errorText ? ` · ${b.errorText}` : '';
    return `batch ${b.position} (${name}): ${b.state}, ${b.lineCount} lines, ${progress} · ${b.batchId ?? 'not created yet'}${problem}`;
  });
}
