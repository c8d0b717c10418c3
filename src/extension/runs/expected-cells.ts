import type { RunRecord } from '../../core/model';
import type { Store } from '../../core/ports/store';

/** The cells a run has in full: its dataset's rows (one row without a dataset) × its models. */
export async function expectedCells(store: Pick<Store, 'getDataset'>, run: Pick<RunRecord, 'datasetId' | 'models'>): Promise<number> {
  const rows = run.datasetId ? ((await store.getDataset(run.datasetId))?.rowCount ?? 0) : 1;
  return rows * run.models.length;
}
