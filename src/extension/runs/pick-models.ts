import * as vscode from 'vscode';
import { modelChoices, rememberedModelsKey } from './model-choices';
import { labelText } from '../untrusted-text';

const SOURCE_LABEL = { prompt: 'from the prompt', remembered: 'picked before', settings: 'refinery.models setting' } as const;

/**
 * Multi-select quick pick of models, the ones picked last time for this prompt preselected; the
 * pick is remembered per prompt (workspaceState). A model not listed can be typed in.
 */
export async function pickModels(
  state: vscode.Memento,
  promptPath: string,
  promptModels: readonly string[],
  settingsModels: readonly string[],
): Promise<string[] | undefined> {
  const key = rememberedModelsKey(promptPath);
  const remembered = state.get<unknown>(key);
  const rememberedModels = Array.isArray(remembered) ? remembered.filter((m): m is string => typeof m === 'string') : [];
  const choices = modelChoices({ promptModels, remembered: rememberedModels, settingsModels });

  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { modelId: string }>();
  quickPick.title = 'Run Against Dataset: pick models';
  quickPick.placeholder = 'models to run (type provider/model to add one, e.g. sim/echo to try offline)';
  quickPick.canSelectMany = true;
  const base = choices.map((c) => ({ label: labelText(c.modelId), description: labelText(SOURCE_LABEL[c.source]), modelId: c.modelId }));
  quickPick.items = base;
  quickPick.selectedItems = base.filter((item) => choices.find((c) => c.modelId === item.modelId)?.picked);
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = base.some((item) => item.modelId === typed);
    const selected = quickPick.selectedItems;
    quickPick.items = typed.includes('/') && !known ? [...base, { label: labelText(typed), description: 'typed', modelId: typed }] : base;
    quickPick.selectedItems = quickPick.items.filter((item) => selected.some((s) => s.modelId === item.modelId));
  });

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
