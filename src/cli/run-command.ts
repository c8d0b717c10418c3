import { createScheduler } from '../core/executor';
import { exportRows, writeExport } from '../core/export';
import { createProviderRegistry } from '../core/providers';
import { createRunFromPrepared, executeRun, planResume, prepareRun, type RunPlan } from '../core/run';
import type { Store } from '../store/types';
import type { CliArgs } from './args';
import { loadCliConfig } from './config-file';
import { openCliStore } from './open-store';
import { createProgressReporter } from './progress';
import { overallPassRate, summaryTable } from './summary';

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
  const registry = createProviderRegistry({ env: io.env, endpoints: config.endpoints });
  let store: Store | undefined;
  try {
    let plan: RunPlan;
    let concurrency = args.concurrency;
    if (args.resume) {
      store = await openCliStore(args.storeDir, io.env);
      plan = await planResume(store, args.resume);
      for (const m of plan.run.models) registry.resolve(`${m.provider}/${m.model}`);
      for (const g of plan.graders) registry.resolve(g.judge);
      concurrency ??= plan.compiled.prompt.refinery.concurrency;
    } else {
      const promptPath = args.positional[0] ?? '';
      // Everything is checked — files, columns, keys — before the store opens or a provider is called.
      const prepared = await prepareRun({
        promptPath,
        datasetPath: args.dataset,
        models: args.models,
        graders: args.graders,
        judge: args.judge,
        cwd: io.cwd,
      });
      for (const modelId of prepared.models) registry.resolve(modelId);
      for (const grader of prepared.graders) registry.resolve(grader.judge);
      concurrency ??= prepared.prompt.refinery.concurrency;
      store = await openCliStore(args.storeDir, io.env);
      plan = await createRunFromPrepared(store, prepared, {
        workspaceRoot: io.cwd,
        config: { concurrency: concurrency ?? defaultConcurrency, timeoutMs: args.timeoutMs ?? defaultTimeoutMs },
      });
    }

    const scheduler = createScheduler({
      resolve: (modelId) => registry.resolve(modelId),
      concurrency: concurrency ?? defaultConcurrency,
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
    });

    const cells = await store.listCellMetrics(plan.run.id);
    io.stdout.write(`\n${summaryTable(plan.run, cells)}\n`);
    if (args.out) {
      const rows = plan.run.datasetId ? await store.getDatasetRows(plan.run.datasetId) : [];
      await writeExport(args.out, exportRows(plan.run, await store.listCells(plan.run.id), rows));
      io.stdout.write(`wrote ${cells.length} cells to ${args.out}\n`);
    }
    if (outcome.status === 'cancelled') {
      io.stderr.write(`cancelled: completed cells are saved; finish with: refinery run --resume ${plan.run.id}\n`);
      return 130;
    }
    if (args.failUnder !== undefined) {
      const rate = overallPassRate(cells) ?? 0;
      if (rate < args.failUnder) {
        io.stderr.write(`pass rate ${(rate * 100).toFixed(1)}% is below --fail-under ${(args.failUnder * 100).toFixed(1)}%\n`);
        return 1;
      }
    }
    return 0;
  } finally {
    await registry.close();
    await store?.close();
  }
}
