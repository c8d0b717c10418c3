import * as vscode from 'vscode';
import { availableModels, modelChoices, rememberedModelsKey, type ModelChoice, type ModelChoicesInput } from './model-choices';
import { labelText, promptText } from '../untrusted-text';
import { OFFLINE_MODEL } from './run-needs-keys';
import { selectionPrompt, typedModelId } from './model-pick-text';

const SOURCE_LABEL: Record<ModelChoice['source'] | 'typed', string> = {
  prompt: 'from the prompt',
  remembered: 'picked before',
  settings: 'refinery.models setting',
  offline: 'offline, no key needed (echoes the prompt)',
  endpoint: 'declared in refinery.endpoints',
  served: 'served today',
  'built-in': 'built-in list (provider not listed now)',
  typed: 'typed',
};

/** What can be offered beyond the prompt's own models: the providers' live lists, else the built-in list. */
export interface ModelOffers {
  /** Provider → the ids it serves today, for the providers whose list could be read (a key is set, online). */
  served(): Promise<ReadonlyMap<string, readonly string[]>>;
  /** The models of the built-in price table, offered for a provider whose list could not be read. */
  builtIn: readonly string[];
  /** `refinery.endpoints[].models`, as `<endpoint id>/<model>`. */
  declared: readonly string[];
  /** Its price, or "price unknown". */
  describe(modelId: string): string;
}

export interface PickModelsStep {
  step: number;
  totalSteps: number;
}

type ModelItem = vscode.QuickPickItem & { modelId: string };

function itemOf(modelId: string, source: ModelChoice['source'] | 'typed', offers: ModelOffers | undefined, unserved?: boolean): ModelItem {
  const provider = modelId.slice(0, modelId.indexOf('/'));
  const notes = [SOURCE_LABEL[source]];
  if (unserved) notes.push(`not served by ${provider} today`);
  // an offline model says so wherever it comes from
  if (provider === 'sim' && source !== 'offline') notes.push(SOURCE_LABEL.offline);
  const description = notes.join(' · ');
  return { label: labelText(modelId), description: labelText(description), detail: offers ? labelText(offers.describe(modelId)) : undefined, modelId };
}

/**
 * Multi-select quick pick of models, the ones picked last time for this prompt preselected; the
 * pick is remembered per prompt (workspaceState). The offline and declared models are listed, the
 * providers' live lists (with prices) join when they arrive. A model not listed is typed and added
 * with Enter (it stays, checked, whatever is typed next). Enter never runs models a filter hides:
 * with text typed it adds the typed or highlighted model and clears the filter; with nothing
 * checked it says so. The prompt line under the input lists what is checked.
 */
export async function pickModels(
  state: vscode.Memento,
  promptPath: string,
  promptModels: readonly string[],
  settingsModels: readonly string[],
  offers?: ModelOffers,
  step?: PickModelsStep,
): Promise<string[] | undefined> {
  const key = rememberedModelsKey(promptPath);
  const remembered = state.get<unknown>(key);
  const rememberedModels = Array.isArray(remembered) ? remembered.filter((m): m is string => typeof m === 'string') : [];
  const input: ModelChoicesInput = { promptModels, remembered: rememberedModels, settingsModels, offline: [OFFLINE_MODEL], declared: offers?.declared ?? [] };

  const quickPick = vscode.window.createQuickPick<ModelItem>();
  quickPick.title = 'Run Against Dataset: models';
  quickPick.step = step?.step;
  quickPick.totalSteps = step?.totalSteps;
  quickPick.placeholder = 'check the models to run; type provider/model and press Enter to add one (sim/echo runs offline)';
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  /** The listed models, and the ones typed in (they stay once added, at the top where they can be seen). */
  let base: ModelItem[] = [];
  const typed: ModelItem[] = [];
  /** The checked models, in the order they are listed: the truth the items' selection is set from. */
  let checked = new Set<string>();
  let message: string | undefined;

  const refreshPrompt = (): void => {
    quickPick.prompt = promptText(message ?? selectionPrompt(listed().filter((item) => checked.has(item.modelId)).map((item) => item.modelId)));
  };
  const listed = (): ModelItem[] => [...typed.filter((item) => !base.some((b) => b.modelId === item.modelId)), ...base];
  const setItems = (extra: ModelItem[] = []): void => {
    const items = [...listed(), ...extra];
    quickPick.items = items;
    quickPick.selectedItems = items.filter((item) => checked.has(item.modelId));
    refreshPrompt();
  };
  const show = (choices: ModelChoice[], keepSelection: boolean): void => {
    if (!keepSelection) checked = new Set(choices.filter((c) => c.picked).map((c) => c.modelId));
    // A model found retired is unticked: a run with it would stop before its first call.
    for (const choice of choices) if (choice.unserved) checked.delete(choice.modelId);
    base = choices.map((choice) => itemOf(choice.modelId, choice.source, offers, choice.unserved));
    setItems(candidate(quickPick.value));
  };
  /** The row a typed model id gets until it is added. */
  const candidate = (value: string): ModelItem[] => {
    const id = typedModelId(value);
    if (!id || listed().some((item) => item.modelId === id)) return [];
    return [{ ...itemOf(id, 'typed', offers), description: 'typed — press Enter to add it' }];
  };
  const check = (modelId: string): void => {
    checked.add(modelId);
    if (!listed().some((item) => item.modelId === modelId)) typed.push(itemOf(modelId, 'typed', offers));
  };

  show(modelChoices(input), false);
  quickPick.onDidChangeSelection((selection) => {
    checked = new Set(selection.map((item) => item.modelId));
    message = undefined;
    refreshPrompt();
  });
  quickPick.onDidChangeValue((value) => {
    message = undefined;
    setItems(candidate(value));
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
    quickPick.onDidAccept(() => {
      const value = quickPick.value.trim();
      if (value !== '') {
        // Enter after typing adds: the typed id, else the highlighted row; then the whole list shows again.
        const id = typedModelId(value) ?? quickPick.activeItems[0]?.modelId;
        if (id) check(id);
        quickPick.value = '';
        setItems();
        return;
      }
      const models = listed().filter((item) => checked.has(item.modelId)).map((item) => item.modelId);
      if (models.length === 0) {
        message = 'No model is checked: check at least one, or type provider/model (e.g. sim/echo) and press Enter.';
        refreshPrompt();
        return;
      }
      resolve(models);
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!picked) return undefined;
  await state.update(key, picked);
  return picked;
}
