/**
 * The models offered by Run Against Dataset… and which are preselected (pure, unit-tested).
 * Offered: the prompt's own models, the remembered ones, the `refinery.models` setting, in that
 * order, without duplicates; the offline models (`sim/echo`, no key needed); the models declared
 * under `refinery.endpoints[].models`; then what each provider serves today (its live list), or
 * the built-in list for a provider whose list could not be read. Preselected: what was picked last
 * time for this prompt, else the prompt's own models, else the first setting — never a model
 * its provider's live list does not have.
 */
export interface ModelChoice {
  modelId: string;
  picked: boolean;
  /** Where it comes from, shown beside it. */
  source: 'prompt' | 'remembered' | 'settings' | 'offline' | 'endpoint' | 'served' | 'built-in';
  /** Its provider's live list does not have it: retired, or a typo. */
  unserved?: true;
}

/** A model offered beyond the prompt's, the remembered and the settings' ones. */
export interface AvailableModel {
  modelId: string;
  source: 'served' | 'built-in';
}

export interface ModelChoicesInput {
  promptModels: readonly string[];
  remembered: readonly string[];
  settingsModels: readonly string[];
  /** The simulator's models (`sim/echo`): they run without a key. */
  offline?: readonly string[];
  /** `refinery.endpoints[].models`, as `<endpoint id>/<model>`. */
  declared?: readonly string[];
  available?: readonly AvailableModel[];
  /** Provider → the ids it serves today, for the providers whose list was read. */
  served?: ReadonlyMap<string, readonly string[]>;
}

function providerOf(modelId: string): string {
  return modelId.slice(0, modelId.indexOf('/'));
}

/** Whether a provider's live list was read and does not have this model. */
export function isUnserved(modelId: string, served: ReadonlyMap<string, readonly string[]> | undefined): boolean {
  const list = served?.get(providerOf(modelId));
  return list !== undefined && !list.includes(modelId.slice(modelId.indexOf('/') + 1));
}

/** Per provider: its live list when it was read, else its models in the built-in list. */
export function availableModels(served: ReadonlyMap<string, readonly string[]>, builtIn: readonly string[]): AvailableModel[] {
  const live = [...served].flatMap(([providerId, ids]) => ids.map((id): AvailableModel => ({ modelId: `${providerId}/${id}`, source: 'served' })));
  const fallback = builtIn.filter((modelId) => !served.has(providerOf(modelId))).map((modelId): AvailableModel => ({ modelId, source: 'built-in' }));
  return [...live, ...fallback];
}

export function modelChoices(input: ModelChoicesInput): ModelChoice[] {
  const choices = new Map<string, ModelChoice>();
  const offer = (modelId: string, source: ModelChoice['source']) => {
    if (choices.has(modelId)) return;
    choices.set(modelId, { modelId, picked: false, source, ...(isUnserved(modelId, input.served) && { unserved: true as const }) });
  };
  for (const modelId of input.promptModels) offer(modelId, 'prompt');
  for (const modelId of input.remembered) offer(modelId, 'remembered');
  for (const modelId of input.settingsModels) offer(modelId, 'settings');
  for (const modelId of input.offline ?? []) offer(modelId, 'offline');
  for (const modelId of input.declared ?? []) offer(modelId, 'endpoint');
  for (const { modelId, source } of input.available ?? []) offer(modelId, source);

  const preselected = input.remembered.length > 0 ? input.remembered : input.promptModels.length > 0 ? input.promptModels : input.settingsModels.slice(0, 1);
  for (const modelId of preselected) {
    const choice = choices.get(modelId);
    if (choice && !choice.unserved) choice.picked = true;
  }
  return [...choices.values()];
}

/** The workspaceState key under which a prompt's last picked models are kept. */
export function rememberedModelsKey(promptPath: string): string {
  return `refinery.models:${promptPath}`;
}

/** The models declared under `refinery.endpoints[].models`, as ids: `ollama/llama3.2`. */
export function declaredEndpointModels(endpoints: ReadonlyArray<{ id: string; models?: readonly string[] }>): string[] {
  return endpoints.flatMap((endpoint) => (endpoint.models ?? []).map((model) => `${endpoint.id}/${model}`));
}
