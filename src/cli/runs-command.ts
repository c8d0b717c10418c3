import { UserError } from '../core/errors';
import { exportRows, writeExport } from '../core/export';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import { withStore } from './open-store';
import type { CliIO } from './run-command';
import { repeatOfRun, summaryTable } from './summary';
import { batchLines } from './batch-lines-text';


async function requireRun(store: Store, id: string) {
  const run = await store.getRun(id);
  if (!run) throw new UserError('store.not-found', `no run with id ${id} in this store`, {}, 'list runs with `refinery runs list`');
  return run;
}

export function runsListCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const runs = await store.listRuns({ limit: args.limit ?? 20 });
    if (runs.length === 0) {
      io.stdout.write('no runs yet: start one with `refinery run file.prompt`\n');
      return 0;
    }
    for (const run of runs) {
      const models = run.models.map((m) => `${m.provider}/${m.model}`).join(', ');
      io.stdout.write(
        `${run.id}  ${run.createdAt.slice(0, 19).replace('T', ' ')}  ${run.status.padEnd(9)}  ` +
          `${run.promptName ?? '(deleted prompt)'}  ${run.cellCount} cells, ${run.failedCount} errored  [${models}]\n`,
      );
    }
    return 0;
  });
}

export function runsShowCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const run = await requireRun(store, args.positional[0] ?? '');
    const cells = await store.listCellMetrics(run.id);
    io.stdout.write(`run ${run.id} (${run.status}), created ${run.createdAt}\n`);
    const { promptPath, datasetPath } = run.config;
    const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
    io.stdout.write(`prompt: ${text(promptPath, '(unknown)')}  dataset: ${text(datasetPath, '(none)')}\n\n`);
    const repeat = repeatOfRun(run);
    const rowsPerModel = run.datasetId ? ((await store.getDataset(run.datasetId))?.rowCount ?? 0) : 1;
    io.stdout.write(`${summaryTable(run, cells, repeat > 1 ? { repeat, cells: await store.listCells(run.id) } : undefined, rowsPerModel)}\n`);
    for (const line of await batchLines(store, run)) io.stdout.write(`${line}\n`);
    return 0;
  });
}

export function exportCommand(args: CliArgs, io: CliIO): Promise<number> {
  return withStore(args, io.env, async (store) => {
    const run = await requireRun(store, args.positional[0] ?? '');
    const cells = await store.listCells(run.id);
    const rows = run.datasetId ? await store.getDatasetRows(run.datasetId) : [];
    const out = args.out ?? '';
    await writeExport(out, exportRows(run, cells, rows, await store.listCellRequests(run.id)));
    io.stdout.write(`wrote ${cells.length} cells to ${out}\n`);
    return 0;
  });
}
