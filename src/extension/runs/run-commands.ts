import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { registerCommand } from '../commands';
import type { ResultsPanels } from '../results';
import type { ExtensionServices } from '../services';
import { getCatalogService } from '../models/catalog-service';
import { requireWorkspaceTrust } from '../workspace-trust';
import { loadRunEngine } from './load-run-engine';
import { pickDataset } from './pick-dataset';
import { pickModels } from './pick-models';
import { promptTarget, resolveDatasetPath, workspacePath } from './prompt-target';
import type { RunController } from './run-controller';
import type { RunCommandOptions } from './run-command-options';
import { labelText } from '../untrusted-text';

/** Validating options needs zod: loaded with the first run, not at activation. */
async function parseOptions(raw: unknown): Promise<RunCommandOptions | undefined> {
  const { parseRunCommandOptions } = await import('./run-command-options');
  return parseRunCommandOptions(raw);
}

interface Deps {
  services: ExtensionServices;
  controller: RunController;
  results: ResultsPanels;
}

function requestFrom(promptUri: vscode.Uri, options: RunCommandOptions | undefined) {
  return {
    promptPath: promptUri.fsPath,
    datasetPath: options?.dataset ? resolveDatasetPath(options.dataset, promptUri) : undefined,
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
      label: labelText(run.promptName ?? '(deleted prompt)'),
      description: labelText`${new Date(run.createdAt).toLocaleString()} · ${run.status}`,
      detail: labelText`${run.models.map((m) => m.displayLabel || `${m.provider}/${m.model}`).join(', ')} · ${run.cellCount} cells, ${run.failedCount} failed`,
      runId: run.id,
    })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.runId;
}

/**
 * Run Prompt, Run Against Dataset…, Cancel Run, Open Results, Open Run…, Re-run Failed Cells,
 * Compare with Baseline…. The run commands take `(uri?, options?)` (options skip the quick picks)
 * and resolve with the run id once the run has ended.
 */
export function registerRunCommands({ services, controller, results }: Deps): void {
  const { context } = services;

  // Restricted Mode refuses runs before any quick pick asks for a dataset or models.
  registerCommand(services, 'refinery.runPrompt', async (uri?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const options = await parseOptions(rawOptions);
    const promptUri = await promptTarget(uri);
    return controller.run(requestFrom(promptUri, options), { openResults: options?.openResults ?? true, confirmCost: options?.confirmCost });
  });

  registerCommand(services, 'refinery.runAgainstDataset', async (uri?: unknown, rawOptions?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const options = await parseOptions(rawOptions);
    const promptUri = await promptTarget(uri);
    if (options) return controller.run(requestFrom(promptUri, options), { openResults: options.openResults ?? true, confirmCost: options.confirmCost });

    const [engine, { getSettings }] = await Promise.all([loadRunEngine(), import('../settings')]);
    const prompt = await engine.readPromptFile(promptUri.fsPath);
    const datasetPath = await pickDataset(promptUri, prompt.refinery.dataset);
    if (!datasetPath) return undefined;
    const settings = getSettings(promptUri).settings;
    const prices = engine.mergePriceTables(engine.DEFAULT_PRICE_TABLE, settings.prices);
    const catalog = getCatalogService(services);
    const models = await pickModels(context.workspaceState, workspacePath(promptUri), prompt.models, settings.models, {
      served: async () => {
        const lists = await catalog.listAll();
        return new Map(lists.flatMap(({ providerId, list }) => (list ? [[providerId, list.models.map((m) => m.id)] as const] : [])));
      },
      builtIn: Object.keys(engine.DEFAULT_PRICE_TABLE).filter((modelId) => !modelId.endsWith('/*')),
      describe: (modelId) => engine.describePrice(engine.findPrice(prices, modelId)),
    });
    if (!models) return undefined;
    return controller.run({ promptPath: promptUri.fsPath, datasetPath, models }, { openResults: true });
  });

  registerCommand(services, 'refinery.cancelRun', async (runId?: unknown) => {
    if (typeof runId === 'string') return controller.cancel(runId);
    const runs = controller.activeRuns();
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('Refinery: no run is going on.');
      return false;
    }
    const run =
      runs.length === 1
        ? runs[0]
        : (
            await vscode.window.showQuickPick(
              runs.map((r) => ({ label: labelText(r.promptName), description: labelText`${r.progress.done}/${r.progress.total} cells`, runId: r.runId })),
              { title: 'Cancel which run?' },
            )
          );
    return run ? controller.cancel(run.runId) : false;
  });

  registerCommand(services, 'refinery.openRun', async (runId?: unknown) => {
    const id = typeof runId === 'string' ? runId : await pickRun(services, 'Open Run');
    if (!id) return undefined;
    await results.open(id);
    return id;
  });

  registerCommand(services, 'refinery.rerunFailed', async (runId?: unknown) => {
    requireWorkspaceTrust('run', services.log);
    const id = runIdOf(runId) ?? (await pickRun(services, 'Re-run Failed Cells of Which Run?'));
    if (!id) return undefined;
    return controller.rerunFailed(id, { openResults: true });
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
