import { writeFile } from 'node:fs/promises';
import { createScheduler } from '../core/executor';
import { exportRows, writeExport } from '../core/export';
import { createProviderRegistry, type ProviderRegistry } from '../core/providers';
import { createRunFromPrepared, estimatePreparedRun, executeRun, modelIdOf, planResume, prepareRun, type RunPlan } from '../core/run';
import type { CellRecord, Store } from '../store/types';
import type { CliArgs } from './args';
import { loadCliConfig } from './config-file';
import { openCliStore } from './open-store';
import { createProgressReporter } from './progress';
import { UserError } from '../core/errors';
import { formatUsd } from '../core/stats';
import { formatEstimate } from './estimate-text';
import { failUnderProblem } from './fail-under';
import { junitXml } from './junit-xml';
import { summaryTable } from './summary';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(chunk: string): boolean };
  stderr: { write(chunk: string): boolean };
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

const defaultConcurrency = 16;
const defaultTimeoutMs = 60_000;

export async function runCommand(args: CliArgs, io: CliIO): Promise<number> {
  const config = await loadCliConfig(io.cwd, args.config);
  let registry: ProviderRegistry | undefined;
  /** Keys are checked here, before any call; the pool holds one connection per request in flight. */
  const providersFor = (modelIds: string[], concurrency: number): ProviderRegistry => {
    registry = createProviderRegistry({ env: io.env, endpoints: config.endpoints, http: { connectionsPerOrigin: concurrency } });
    for (const modelId of modelIds) registry.resolve(modelId);
    return registry;
  };
  let store: Store | undefined;
  try {
    let plan: RunPlan;
    let concurrency = args.concurrency;
    let providers: ProviderRegistry;
    if (args.resume) {
      store = await openCliStore(args, io.env);
      plan = await planResume(store, args.resume, { workspaceRoot: io.cwd });
      concurrency ??= plan.compiled.prompt.refinery.concurrency ?? defaultConcurrency;
      providers = providersFor([...plan.run.models.map(modelIdOf), ...plan.graders.map((g) => g.judge)], concurrency);
    } else {
      const promptPath = args.positional[0] ?? '';
      // Everything is checked — files, columns, keys — before the store opens or a provider is called.
      const prepared = await prepareRun({
        promptPath,
        datasetPath: args.dataset,
        models: args.models,
        graders: args.graders,
        judge: args.judge,
        defaultJudge: config.defaultJudge,
        cwd: io.cwd,
        allowRemoteMedia: args.allowRemoteMedia,
      });
      if (args.estimate || args.maxCostUsd !== undefined) {
        const estimate = await estimatePreparedRun(prepared, config.prices);
        io.stdout.write(`${formatEstimate(estimate)}\n`);
        if (args.estimate) return 0;
        if (args.maxCostUsd !== undefined && estimate.totalUsd > args.maxCostUsd) {
          throw new UserError('cli.usage', `the estimated cost ${formatUsd(estimate.totalUsd)} is above --max-cost ${formatUsd(args.maxCostUsd)}`, {}, 'raise --max-cost, use fewer rows or models, or lower maxOutputTokens');
        }
      }
      concurrency ??= prepared.prompt.refinery.concurrency ?? defaultConcurrency;
      providers = providersFor([...prepared.models, ...prepared.graders.map((g) => g.judge)], concurrency);
      store = await openCliStore(args, io.env);
      plan = await createRunFromPrepared(store, prepared, {
        workspaceRoot: io.cwd,
        config: { concurrency, timeoutMs: args.timeoutMs ?? defaultTimeoutMs, ...(args.allowRemoteMedia && { allowRemoteMedia: true }) },
      });
    }

    const scheduler = createScheduler({
      resolve: (modelId) => providers.resolve(modelId),
      concurrency,
      timeoutMs: args.timeoutMs ?? plan.compiled.prompt.refinery.timeoutMs ?? defaultTimeoutMs,
      maxAttempts: 6,
    });
    const progress = createProgressReporter(io.stdout);
    const outcome = await executeRun(plan, {
      store,
      scheduler,
      prices: config.prices,
      signal: io.signal,
      onEvent: (event) => progress.onEvent(event),
      rerunFailedGrades: args.failedOnly,
    });

    const cells = await store.listCellMetrics(plan.run.id);
    const openStore = store;
    let fullCells: CellRecord[] | undefined;
    const allCells = async (): Promise<CellRecord[]> => (fullCells ??= await openStore.listCells(plan.run.id));
    const repeat = plan.compiled.prompt.refinery.repeat;
    const repeats = repeat > 1 ? { repeat, cells: await allCells() } : undefined;
    io.stdout.write(`\n${summaryTable(plan.run, cells, repeats)}\n`);
    if (args.out) {
      const rows = plan.run.datasetId ? await store.getDatasetRows(plan.run.datasetId) : [];
      await writeExport(args.out, exportRows(plan.run, await allCells(), rows, await store.listCellRequests(plan.run.id)));
      io.stdout.write(`wrote ${cells.length} cells to ${args.out}\n`);
    }
    if (args.junit) {
      const rows = plan.run.datasetId ? await store.getDatasetRows(plan.run.datasetId) : [];
      await writeFile(args.junit, junitXml(plan.run, await allCells(), rows));
      io.stdout.write(`wrote JUnit XML to ${args.junit}\n`);
    }
    if (outcome.status === 'cancelled') {
      io.stderr.write(`cancelled: completed cells are saved; finish with: refinery run --resume ${plan.run.id}\n`);
      return 130;
    }
    if (args.failUnder !== undefined) {
      const problem = failUnderProblem(cells, args.failUnder);
      if (problem) {
        io.stderr.write(`${problem}\n`);
        return 1;
      }
    }
    return 0;
  } finally {
    await registry?.close();
    await store?.close();
  }
}
