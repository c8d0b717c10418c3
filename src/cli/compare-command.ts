import { compareRuns, formatComparison, type CompareSide } from '../core/compare';
import { UserError } from '../core/errors';
import type { Store } from '../store/types';
import type { CliArgs } from './args';
import { nothingToGateOn } from './gates';
import { openCliStore } from './open-store';
import type { CliIO } from './run-command';

async function loadSide(store: Store, id: string, role: string): Promise<CompareSide> {
  const run = await store.getRun(id);
  if (!run) throw new UserError('store.not-found', `no ${role} run with id ${id} in this store`, {}, 'list runs with `refinery runs list`');
  const [cells, rows] = await Promise.all([store.listCells(run.id), run.datasetId ? store.getDatasetRows(run.datasetId) : Promise.resolve([])]);
  return { run, cells, rows };
}

/** `refinery compare RUN BASELINE`: the per-model deltas and the regressed cells; exit 1 on a regression if asked. */
export async function compareCommand(args: CliArgs, io: CliIO): Promise<number> {
  const [runId = '', baselineId = ''] = args.positional;
  const store = await openCliStore(args, io.env);
  try {
    const current = await loadSide(store, runId, 'current');
    const baseline = await loadSide(store, baselineId, 'baseline');
    if (current.run.promptId !== baseline.run.promptId) {
      io.stderr.write('warning: the two runs are of different prompts; cells are matched by model and dataset row anyway\n');
    }
    const comparison = compareRuns(current, baseline);
    if (args.failOnRegression) {
      if (!comparison.checks.current) throw nothingToGateOn('current', current.run.id);
      if (!comparison.checks.baseline) throw nothingToGateOn('baseline', baseline.run.id);
    }
    io.stdout.write(`${formatComparison(comparison)}\n`);
    if (args.failOnRegression && comparison.regressions > 0) {
      io.stderr.write(`${comparison.regressions} cell${comparison.regressions === 1 ? '' : 's'} regressed against baseline ${baselineId}\n`);
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
}
