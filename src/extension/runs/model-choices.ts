/**
 * The models offered by Run Against Dataset… and which are preselected (pure, unit-tested).
 * Offered: the prompt's own models, the remembered ones, the `refinery.models` setting, in that
 * order, without duplicates. Preselected: what was picked last time for this prompt, else the
 * prompt's own models, else the first setting.
 */
export interface ModelChoice {
  modelId: string;
  picked: boolean;
  /** Where it comes from, shown beside it. */
  source: 'prompt' | 'remembered' | 'settings';
}

export function modelChoices(input: { promptModels: readonly string[]; remembered: readonly string[]; settingsModels: readonly string[] }): ModelChoice[] {
  const choices = new Map<string, ModelChoice>();
  const offer = (modelId: string, source: ModelChoice['source']) => {
    if (!choices.has(modelId)) choices.set(modelId, { modelId, picked: false, source });
  };
  for (const modelId of input.promptModels) offer(modelId, 'prompt');
  for (const modelId of input.remembered) offer(modelId, 'remembered');
  for (const modelId of input.settingsModels) offer(modelId, 'settings');

  const preselected = input.remembered.length > 0 ? input.remembered : input.promptModels.length > 0 ? input.promptModels : input.settingsModels.slice(0, 1);
  for (const modelId of preselected) {
    const choice = choices.get(modelId);
    if (choice) choice.picked = true;
  }
  return [...choices.values()];
}

/** The workspaceState key under which a prompt's last picked models are kept. */
export function rememberedModelsKey(promptPath: string): string {
  return `refinery.models:${promptPath}`;
}
