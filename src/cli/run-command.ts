import { writeFile } from 'node:fs/promises';
import { exportRows, writeExport } from '../core/export';
import { createProviderRegistry, findMissingKeys, missingKeysError, modelUses, type ModelUse, type ProviderRegistry } from '../core/providers';
import { estimatePreparedRun, executeSession, modelIdOf, newRunLimits, prepareRun, resumeRun, startRun, type RunSession } from '../core/run';
import type { CellRecord } from '../core/model';
import type { Store } from '../core/ports/store';
import type { CliArgs } from './args';
import { refuseUnservedModels } from './check-models';
import { loadCliConfig } from './config-file';
import { storedDatasetFor } from './datasets-command';
import { cliRunOptions } from './run-options';
import { openCliStore } from './open-store';
import { createProgressReporter } from './progress';
import { UserError } from '../core/errors';
import { formatSummaryTable, formatUsd, runHasChecks } from '../core/stats';
import { formatEstimate } from './estimate-text';
import { gateProblems, requireSomethingToGate } from './gates';
import { junitXml } from './junit-xml';
import { appendStepSummary } from './step-summary';
import { modelSummaries } from './summary';
import { batchOffersFor, runAsBatch } from './batch-command';
import { batchTotalUsd, formatBatchEstimate } from '../core/batch/batch-estimate-text';
import { batchDiscountsOf } from '../core/batch/batch-offers';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(chunk: string): boolean };
  stderr: { write(chunk: string): boolean };
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export async function runCommand(args: CliArgs, io: CliIO): Promise<number> {
  const config = await loadCliConfig(io.cwd, args.config);
  let registry: ProviderRegistry | undefined;
  /** Keys, then the models each provider serves today, are checked here, before any call; the pool holds one connection per request in flight. */
  const providersFor = async (uses: ModelUse[], concurrency: number, file?: string): Promise<ProviderRegistry> => {
    const created = createProviderRegistry({ env: io.env, endpoints: config.endpoints, http: { connectionsPerOrigin: concurrency } });
    registry = created;
    const location = file ? { file } : {};
    // every missing key at once, the graders' judges named as such
    const missing = findMissingKeys(created, uses, location);
    if (missing.length > 0) throw missingKeysError(missing, location);
    const modelIds = uses.map((use) => use.modelId);
    await refuseUnservedModels(modelIds, created, io, location);
    return created;
  };
  let store: Store | undefined;
  try {
    const runOptions = cliRunOptions(args, io.cwd);
    let session: RunSession;
    let providers: ProviderRegistry;
    if (args.resume) {
      store = await openCliStore(args, io.env);
      session = await resumeRun(store, args.resume, runOptions);
      const { plan } = session;
      requireSomethingToGate(args, { graders: plan.graders.length, assertions: plan.compiled.prompt.refinery.assert?.length ?? 0 });
      providers = await providersFor(modelUses(plan.run.models.map(modelIdOf), plan.graders), session.limits.concurrency);
    } else {
      const promptPath = args.positional[0] ?? '';
      // Everything is checked — files, columns, keys — before the store opens or a provider is called.
      // A stored dataset (--dataset-id) is read from the store, which then opens first.
      if (args.datasetId !== undefined) store = await openCliStore(args, io.env);
      const prepared = await prepareRun({
        promptPath,
        datasetPath: args.dataset,
        datasetSource: store && args.datasetId !== undefined ? await storedDatasetFor(store, args.datasetId) : undefined,
        models: args.models,
        graders: args.graders,
        judge: args.judge,
        defaultJudge: config.defaultJudge,
        cwd: io.cwd,
        allowRemoteMedia: args.allowRemoteMedia,
      });
      requireSomethingToGate(args, { graders: prepared.graders.length, assertions: prepared.prompt.refinery.assert?.length ?? 0 });
      // --batch: every model needs a Batch API, checked before anything is sent or stored.
      const batchOffers = args.batch ? batchOffersFor(prepared.models, config) : undefined;
      if (args.estimate || args.maxCostUsd !== undefined) {
        const estimate = await estimatePreparedRun(prepared, config.prices);
        io.stdout.write(`${formatEstimate(estimate)}\n`);
        if (batchOffers) io.stdout.write(`${formatBatchEstimate(estimate, batchOffers)}\n`);
        if (args.estimate) return 0;
        const estimatedUsd = batchOffers ? batchTotalUsd(estimate, batchOffers) : estimate.totalUsd;
        if (args.maxCostUsd !== undefined && estimatedUsd > args.maxCostUsd) {
          throw new UserError('cli.usage', `the estimated cost ${formatUsd(estimatedUsd)} is above --max-cost ${formatUsd(args.maxCostUsd)}`, {}, 'raise --max-cost, use fewer rows or models, or lower maxOutputTokens');
        }
      }
      providers = await providersFor(modelUses(prepared.models, prepared.graders), newRunLimits(prepared, runOptions).concurrency, promptPath);
      store ??= await openCliStore(args, io.env);
      session = await startRun(store, prepared, batchOffers ? { ...runOptions, batchDiscounts: batchDiscountsOf(batchOffers) } : runOptions);
      if (args.batch) return await runAsBatch(session.plan, store, config, io);
    }

    const { plan } = session;
    const progress = createProgressReporter(io.stdout);
    const outcome = await executeSession(session, {
      store,
      resolve: (modelId) => providers.resolve(modelId),
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
    const rowsPerModel = plan.run.datasetId ? ((await store.getDataset(plan.run.datasetId))?.rowCount ?? 0) : 1;
    const summaries = modelSummaries(plan.run, cells, repeats, rowsPerModel);
    io.stdout.write(`\n${formatSummaryTable(summaries)}\n`);
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
    const problems = outcome.status === 'cancelled' ? [] : await gateProblems(plan.run, cells, args, allCells);
    const promptPath = plan.run.config.promptPath;
    const unchecked = !runHasChecks(plan.run, cells);
    const summary = { promptPath, runId: plan.run.id, rows: summaries, problems, unchecked, cancelled: outcome.status === 'cancelled' };
    if (await appendStepSummary(io.env, summary)) {
      io.stdout.write('appended the summary to $GITHUB_STEP_SUMMARY\n');
    }
    if (outcome.status === 'cancelled') {
      io.stderr.write(`cancelled: completed cells are saved; finish with: refinery run --resume ${plan.run.id}\n`);
      return 130;
    }
    for (const problem of problems) io.stderr.write(`${problem}\n`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await registry?.close();
    await store?.close();
  }
}
