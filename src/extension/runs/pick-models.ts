import * as vscode from 'vscode';
import { availableModels, modelChoices, rememberedModelsKey, type ModelChoice } from './model-choices';
import { labelText } from '../untrusted-text';

const SOURCE_LABEL: Record<ModelChoice['source'], string> = {
  prompt: 'from the prompt',
  remembered: 'picked before',
  settings: 'refinery.models setting',
  served: 'served today',
  'built-in': 'built-in list (provider not listed now)',
};

/** What can be offered beyond the prompt's own models: the providers' live lists, else the built-in list. */
export interface ModelOffers {
  /** Provider → the ids it serves today, for the providers whose list could be read (a key is set, online). */
  served(): Promise<ReadonlyMap<string, readonly string[]>>;
  /** The models of the built-in price table, offered for a provider whose list could not be read. */
  builtIn: readonly string[];
  /** Its price, or "price unknown". */
  describe(modelId: string): string;
}

type ModelItem = vscode.QuickPickItem & { modelId: string };

function itemOf(choice: ModelChoice, offers: ModelOffers | undefined): ModelItem {
  const description = choice.unserved ? `${SOURCE_LABEL[choice.source]} · not served by ${choice.modelId.slice(0, choice.modelId.indexOf('/'))} today` : SOURCE_LABEL[choice.source];
  return { label: labelText(choice.modelId), description: labelText(description), detail: offers ? labelText(offers.describe(choice.modelId)) : undefined, modelId: choice.modelId };
}

/**
 * Multi-select quick pick of models, the ones picked last time for this prompt preselected; the
 * pick is remembered per prompt (workspaceState). The providers' live lists (with prices) join
 * the list when they arrive; a model not listed can be typed in.
 */
export async function pickModels(
  state: vscode.Memento,
  promptPath: string,
  promptModels: readonly string[],
  settingsModels: readonly string[],
  offers?: ModelOffers,
): Promise<string[] | undefined> {
  const key = rememberedModelsKey(promptPath);
  const remembered = state.get<unknown>(key);
  const rememberedModels = Array.isArray(remembered) ? remembered.filter((m): m is string => typeof m === 'string') : [];
  const input = { promptModels, remembered: rememberedModels, settingsModels };

  const quickPick = vscode.window.createQuickPick<ModelItem>();
  quickPick.title = 'Run Against Dataset: pick models';
  quickPick.placeholder = 'models to run (type provider/model to add one, e.g. sim/echo to try offline)';
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  let base: ModelItem[] = [];
  const show = (choices: ModelChoice[], keepSelection: boolean): void => {
    const selected = keepSelection ? new Set(quickPick.selectedItems.map((item) => item.modelId)) : new Set(choices.filter((c) => c.picked).map((c) => c.modelId));
    // A model found retired is unticked: a run with it would stop before its first call.
    for (const choice of choices) if (choice.unserved) selected.delete(choice.modelId);
    base = choices.map((choice) => itemOf(choice, offers));
    quickPick.items = base;
    quickPick.selectedItems = base.filter((item) => selected.has(item.modelId));
  };
  show(modelChoices(input), false);
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = base.some((item) => item.modelId === typed);
    const selected = quickPick.selectedItems;
    quickPick.items = typed.includes('/') && !known ? [...base, { label: labelText(typed), description: 'typed', detail: offers ? labelText(offers.describe(typed)) : undefined, modelId: typed }] : base;
    quickPick.selectedItems = quickPick.items.filter((item) => selected.some((s) => s.modelId === item.modelId));
  });
  if (offers) {
    quickPick.busy = true;
    void offers.served().then(
      (served) => {
        quickPick.busy = false;
        // The user's ticks so far stay, but for a model found retired: it is still shown, marked.
        show(modelChoices({ ...input, served, available: availableModels(served, offers.builtIn) }), true);
      },
      () => {
        quickPick.busy = false;
        show(modelChoices({ ...input, available: availableModels(new Map(), offers.builtIn) }), true);
      },
    );
  }

  const picked = await new Promise<string[] | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems.map((item) => item.modelId)));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!picked || picked.length === 0) return undefined;
  await state.update(key, picked);
  return picked;
}
