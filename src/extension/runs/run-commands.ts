import path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { registerCommand, reportError } from '../commands';
import type { ResultsPanels } from '../results';
import type { ExtensionServices } from '../services';
import { getCatalogService } from '../models/catalog-service';
import { requireWorkspaceTrust } from '../workspace-trust';
import { loadRunEngine } from './load-run-engine';
import { storedDatasetItems } from '../datasets/dataset-target';
import { pickDataset } from './pick-dataset';
import { declaredEndpointModels } from './model-choices';
import { pickModels } from './pick-models';
import { promptTarget, resolveDatasetPath, workspacePath } from './prompt-target';
import type { RunController, RunRequest } from './run-controller';
import type { BatchRuns } from './batch-runs';
import { offerKeys } from './offer-keys';
import { type GraderJudge } from './judge-choices';
import { pickJudge } from './pick-judge';
import { recall, remember } from './run-memory';
import { isRunNeedsKeys } from './run-needs-keys';
import { runTitle } from './run-title';
import { runStarter } from './start-run';
import type { RunEngine } from './run-engine';
import type { RunCommandOptions } from './run-command-options';
import { labelText, messageText } from '../untrusted-text';

/** Validating options needs zod: loaded with the first run, not at activation. */
async function parseOptions(raw: unknown): Promise<RunCommandOptions | undefined> {
  const { parseRunCommandOptions } = await import('./run-command-options');
  return parseRunCommandOptions(raw);
}

interface Deps {
  services: ExtensionServices;
  controller: RunController;
  batchRuns: BatchRuns;
  results: ResultsPanels;
  /** A run was deleted: the Runs view and the CodeLens read the store again. */
  onDeleted: (runId: string) => void;
}

function requestFrom(promptUri: vscode.Uri, options: RunCommandOptions | undefined) {
  return {
    promptPath: promptUri.fsPath,
    datasetPath: options?.dataset ? resolveDatasetPath(options.dataset, promptUri) : undefined,
    datasetId: options?.datasetId,
    models: options?.models,
    graders: options?.graders,
    judge: options?.judge,
  };
}

/** A run id passed by a test or another extension, or the Runs view's run node. */
function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'run' in arg) {
    const run: unknown = arg.run;
    if (run && typeof run === 'object' && 'id' in run && typeof run.id === 'string') return run.id;
  }
  return undefined;
}

/** Quick pick of the stored runs, newest first; resolves with the run id. */
async function pickRun(services: ExtensionServices, title: string): Promise<string | undefined> {
  const store = await services.getStore();
  const runs = await store.listRuns({ limit: 200 });
  if (runs.length === 0) throw new UserError('store.not-found', 'no runs yet', {}, 'run a prompt first: Refinery: Run Prompt');
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: labelText(runTitle(run, run.promptName ?? '(deleted prompt)')),
      description: labelText(run.status),
      detail: labelText`${run.models.map((m) => m.displayLabel || `${m.provider}/${m.model}`).join(', ')} · ${run.cellCount} cells, ${run.failedCount} errored`,
      runId: run.id,
    })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.runId;
}

/** The graders of a prompt and the judge each names itself (read beside the prompt; unreadable ones name none). */
async function graderJudges(engine: RunEngine, promptUri: vscode.Uri, refs: readonly string[]): Promise<GraderJudge[]> {
  return Promise.all(
    refs.map(async (ref) => {
      try {
        const grader = await engine.readPromptFile(path.resolve(path.dirname(promptUri.fsPath), ref));
        return { ref, judge: grader.refinery.judge ?? grader.model };
      } catch {
        return { ref, judge: undefined };
      }
    }),
  );
}

/**
 * Run Prompt, Run Against Dataset…, Cancel Run, Open Results, Open Run…, Re-run Failed Cells,
 * Compare with Baseline…, Delete Run…. The run commands take `(uri?, options?)` (options skip the quick picks)
 * and resolve with the run id once the run has ended.
 */
export function registerRunCommands({ services, controller, batchRuns, results, onDeleted }: Deps): void {
  const { context, log } = services;
  const state = context.workspaceState;

  const start = runStarter(services, controller, 'refinery.runPrompt');

  // Restricted Mode refuses runs before any quick pick asks for a dataset or models.
  registerCommand(services, 'refinery.runPrompt', async (uri?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const options = await parseOptions(rawOptions);
    const promptUri = await promptTarget(uri);
    if (options) return start(requestFrom(promptUri, options), { openResults: options.openResults ?? true, confirmCost: options.confirmCost });
    // ▶ Run: the models and judge picked last time for this prompt, else its own
    const memory = recall(state, workspacePath(promptUri));
    return start(
      { promptPath: promptUri.fsPath, models: memory.models, judge: memory.judge ?? undefined },
      { openResults: true },
    );
  });

  /** The quick picks of Run Against Dataset… (dataset, models, judge), remembered per prompt; undefined when dismissed. */
  const pickRequest = async (promptUri: vscode.Uri): Promise<RunRequest | undefined> => {
    const [engine, { getSettings }] = await Promise.all([loadRunEngine(), import('../settings')]);
    const prompt = await engine.readPromptFile(promptUri.fsPath);
    const relative = workspacePath(promptUri);
    const memory = recall(state, relative);
    const steps = prompt.refinery.graders.length > 0 ? 3 : 2;
    const dataset = await pickDataset(promptUri, prompt.refinery.dataset, { step: 1, totalSteps: steps }, async () =>
      storedDatasetItems(await services.getStore()),
    );
    if (!dataset) return undefined;
    const settings = getSettings(promptUri).settings;
    const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
    const describe = (modelId: string) => engine.describePrice(engine.findPrice(prices, modelId));
    const catalog = getCatalogService(services);
    const models = await pickModels(context.workspaceState, relative, prompt.models, settings.models, {
      served: async () => {
        const lists = await catalog.listAll();
        return new Map(lists.flatMap(({ providerId, list }) => (list ? [[providerId, list.models.map((m) => m.id)] as const] : [])));
      },
      builtIn: Object.keys(engine.DEFAULT_PRICE_TABLE).filter((modelId) => !modelId.endsWith('/*')),
      declared: declaredEndpointModels(settings.endpoints),
      describe,
    }, { step: 2, totalSteps: steps });
    if (!models) return undefined;
    let judge: string | undefined;
    if (steps === 3) {
      const picked = await pickJudge(
        { graders: await graderJudges(engine, promptUri, prompt.refinery.graders), setting: settings.judgeModel, remembered: memory.judge, models, describe },
        { step: 3, totalSteps: steps },
      );
      if (picked === undefined) return undefined;
      await remember(state, relative, { judge: picked });
      judge = picked ?? undefined;
    }
    // only a file path is remembered: a stored dataset is picked again from the list
    if (typeof dataset === 'string') await remember(state, relative, { dataset });
    const datasetChoice = typeof dataset === 'string' ? { datasetPath: dataset } : { datasetId: dataset.datasetId };
    return { promptPath: promptUri.fsPath, ...datasetChoice, models, judge };
  };

  registerCommand(services, 'refinery.runAgainstDataset', async (uri?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const options = await parseOptions(rawOptions);
    const promptUri = await promptTarget(uri);
    if (options) return start(requestFrom(promptUri, options), { openResults: options.openResults ?? true, confirmCost: options.confirmCost });
    const request = await pickRequest(promptUri);
    return request ? start(request, { openResults: true }) : undefined;
  });

  // Run as Batch (−50 %): the same picks, then the providers' Batch APIs; resolves with the run id once submitted.
  registerCommand(services, 'refinery.runPromptAsBatch', async (uri?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const options = await parseOptions(rawOptions);
    const promptUri = await promptTarget(uri);
    const request = options ? requestFrom(promptUri, options) : await pickRequest(promptUri);
    if (!request) return undefined;
    const runId = await batchRuns.start(request, { confirmCost: options?.confirmCost });
    if (runId && (options?.openResults ?? true)) await results.open(runId);
    return runId;
  });

  registerCommand(services, 'refinery.cancelRun', async (arg?: unknown) => {
    const runId = runIdOf(arg);
    if (runId !== undefined && batchRuns.get(runId)) return batchRuns.cancel(runId);
    if (runId !== undefined) return controller.cancel(runId);
    const runs = [...controller.activeRuns(), ...batchRuns.all().map((r) => ({ ...r, progress: null }))];
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('Refinery: no run is going on.');
      return false;
    }
    const run =
      runs.length === 1
        ? runs[0]
        : (
            await vscode.window.showQuickPick(
              runs.map((r) => ({ label: labelText(r.promptName), description: r.progress ? labelText`${r.progress.done}/${r.progress.total} cells` : labelText(batchRuns.get(r.runId)?.progressText ?? 'batch'), runId: r.runId })),
              { title: 'Cancel which run?' },
            )
          );
    if (!run) return false;
    return batchRuns.get(run.runId) ? batchRuns.cancel(run.runId) : controller.cancel(run.runId);
  });

  registerCommand(services, 'refinery.openRun', async (runId?: unknown) => {
    const id = typeof runId === 'string' ? runId : await pickRun(services, 'Open Run');
    if (!id) return undefined;
    await results.open(id);
    return id;
  });

  const rerun = async (id: string): Promise<string | undefined> => {
    try {
      return await controller.rerunFailed(id, { openResults: true });
    } catch (error) {
      if (!isRunNeedsKeys(error)) throw error;
      const run = await (await services.getStore()).getRun(id);
      const promptPath = run?.config.promptPath ?? 'the run';
      // the run's models are fixed: only the keys can be set
      void offerKeys(error, path.basename(promptPath, '.prompt'), {
        retry: () => rerun(id).catch((failure: unknown) => reportError(log, 'refinery.rerunFailed', failure)),
      }).catch((failure: unknown) => reportError(log, 'refinery.rerunFailed', failure));
      return undefined;
    }
  };

  registerCommand(services, 'refinery.rerunFailed', async (runId?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const id = runIdOf(runId) ?? (await pickRun(services, 'Re-run Failed Cells of Which Run?'));
    if (!id) return undefined;
    return rerun(id);
  });

  registerCommand(services, 'refinery.deleteRun', async (arg?: unknown) => {
    const id = runIdOf(arg) ?? (await pickRun(services, 'Delete Which Run?'));
    if (!id) return undefined;
    if (controller.get(id) || batchRuns.get(id)) throw new UserError('cli.usage', 'this run is still going', {}, 'cancel it first (Refinery: Cancel Run), then delete it');
    const store = await services.getStore();
    const run = await store.getRun(id);
    if (!run) throw new UserError('store.not-found', 'this run is no longer in the store', {}, 'refresh the Runs view');
    const [prompt, cells] = await Promise.all([run.promptId ? store.getPrompt(run.promptId) : Promise.resolve(null), store.listCellMetrics(id)]);
    const promptName = prompt?.name ?? path.basename(run.config.promptPath, '.prompt');
    const choice = await vscode.window.showWarningMessage(
      messageText`Delete the run ${runTitle(run, promptName)} and its ${cells.length} cell${cells.length === 1 ? '' : 's'}?`,
      { modal: true, detail: 'Its outputs and grades, manual grades included, are deleted from the store. This cannot be undone. The .prompt and dataset files stay.' },
      'Delete',
    );
    if (choice !== 'Delete') return undefined;
    results.close(id);
    await store.deleteRun(id);
    log.info(`run ${id} deleted`);
    onDeleted(id);
    return id;
  });

  registerCommand(services, 'refinery.compareWithBaseline', async (runId?: unknown, baselineRunId?: unknown) => {
    const id = runIdOf(runId) ?? (await pickRun(services, 'Compare Which Run with a Baseline?'));
    if (!id) return undefined;
    return results.compareWithBaseline(id, typeof baselineRunId === 'string' ? baselineRunId : undefined);
  });

  registerCommand(services, 'refinery.openResults', async (uri?: unknown) => {
    const promptUri = await promptTarget(uri);
    const store = await services.getStore();
    const relative = workspacePath(promptUri);
    const prompt = (await store.listPrompts()).find((p) => p.type === 'prompt' && p.path === relative);
    const latest = prompt ? (await store.listRuns({ promptId: prompt.id, limit: 1 }))[0] : undefined;
    if (!latest) throw new UserError('store.not-found', `${relative} has not run yet`, { file: promptUri.fsPath }, 'run it first: Refinery: Run Prompt');
    await results.open(latest.id);
    return latest.id;
  });
}
