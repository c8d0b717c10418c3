import { formatSize, profileColumns, storedDatasetSource, type DatasetSource } from '../core/dataset';
import { UserError } from '../core/errors';
import type { DatasetRecord } from '../core/model';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import { withStore } from './open-store';
import type { CliIO } from './run-command';

const SHOWN_ROWS = 10;
const PROFILED_ROWS = 100;


async function requireDataset(store: Store, id: string): Promise<DatasetRecord> {
  const dataset = await store.getDataset(id);
  if (!dataset) throw new UserError('store.not-found', `no dataset with id ${id} in this store`, {}, 'list datasets with `refinery datasets list`');
  return dataset;
}

/** `--dataset-id`: a stored dataset as a run's dataset (its rows are read from the store). */
export async function storedDatasetFor(store: Store, id: string): Promise<DatasetSource> {
  return storedDatasetSource(store, await requireDataset(store, id));
}

function describe(dataset: DatasetRecord, runs: number): string {
  return `v${dataset.version}  ${dataset.rowCount} rows × ${dataset.columns.length} columns  ${formatSize(dataset.sizeBytes)}  ${runs} run${runs === 1 ? '' : 's'}`;
}

export function datasetsListCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const [datasets, runCounts] = await Promise.all([store.listDatasets(), store.countDatasetRuns()]);
    if (datasets.length === 0) {
      io.stdout.write('no datasets yet: a run stores its dataset, or import one in VS Code (Refinery: Import Dataset…)\n');
      return 0;
    }
    for (const dataset of datasets.slice(0, args.limit ?? datasets.length)) {
      io.stdout.write(
        `${dataset.id}  ${dataset.createdAt.slice(0, 19).replace('T', ' ')}  ${dataset.name}  ${describe(dataset, runCounts.get(dataset.id) ?? 0)}  ${dataset.sourcePath ?? dataset.filePath}\n`,
      );
    }
    return 0;
  });
}

export function datasetsShowCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const dataset = await requireDataset(store, args.positional[0] ?? '');
    const runs = (await store.countDatasetRuns()).get(dataset.id) ?? 0;
    const rows = await store.getDatasetRows(dataset.id, { limit: PROFILED_ROWS });
    io.stdout.write(`dataset ${dataset.id}: ${dataset.name}, imported ${dataset.createdAt}\n`);
    io.stdout.write(`${describe(dataset, runs)}\nsource: ${dataset.sourcePath ?? dataset.filePath}\n`);
    if (dataset.previousVersionId) io.stdout.write(`previous version: ${dataset.previousVersionId}\n`);
    if (dataset.contentHash) io.stdout.write(`sha256: ${dataset.contentHash}\n`);
    io.stdout.write(`\ncolumns (type guessed from the first ${Math.min(PROFILED_ROWS, dataset.rowCount)} rows):\n`);
    for (const column of profileColumns(dataset.columns, rows.map((r) => r.data))) {
      io.stdout.write(`  ${column.name}  ${column.type}, ${column.empty} empty\n`);
    }
    const shown = rows.slice(0, args.limit ?? SHOWN_ROWS);
    io.stdout.write(`\nfirst ${shown.length} rows:\n`);
    for (const row of shown) io.stdout.write(`  ${row.rowIndex + 1}  ${JSON.stringify(row.data)}\n`);
    return 0;
  });
}

export function datasetsDeleteCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const dataset = await requireDataset(store, args.positional[0] ?? '');
    const done = await store.deleteDataset(dataset.id);
    io.stdout.write(`deleted dataset ${dataset.id} (${dataset.name}): ${done.rowsDeleted} rows removed`);
    if (done.removedObject) io.stdout.write(`, Storage object ${done.removedObject} removed`);
    if (done.runCount > 0) {
      io.stdout.write(`; ${done.runCount} run${done.runCount === 1 ? '' : 's'} used it: the ${done.rowsKept} rows their cells ran on are kept, so their results stay readable`);
    }
    io.stdout.write('\n');
    return 0;
  });
}
