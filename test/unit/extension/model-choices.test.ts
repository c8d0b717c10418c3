import { describe, expect, it } from 'vitest';
import { availableModels, declaredEndpointModels, isUnserved, modelChoices } from '../../../src/extension/runs/model-choices';
import { selectionPrompt, typedModelId } from '../../../src/extension/runs/model-pick-text';

describe('modelChoices', () => {
  it('offers prompt, remembered and settings models once each, remembered ones preselected', () => {
    const choices = modelChoices({
      promptModels: ['groq/a', 'cerebras/b'],
      remembered: ['cerebras/b', 'sim/echo'],
      settingsModels: ['groq/a', 'ollama/c'],
    });
    expect(choices).toEqual([
      { modelId: 'groq/a', picked: false, source: 'prompt' },
      { modelId: 'cerebras/b', picked: true, source: 'prompt' },
      { modelId: 'sim/echo', picked: true, source: 'remembered' },
      { modelId: 'ollama/c', picked: false, source: 'settings' },
    ]);
  });

  it('without memory preselects the prompt models, else the first setting', () => {
    expect(modelChoices({ promptModels: ['groq/a'], remembered: [], settingsModels: ['x/y'] }).filter((c) => c.picked).map((c) => c.modelId)).toEqual(['groq/a']);
    expect(modelChoices({ promptModels: [], remembered: [], settingsModels: ['x/y', 'x/z'] }).filter((c) => c.picked).map((c) => c.modelId)).toEqual(['x/y']);
    expect(modelChoices({ promptModels: [], remembered: [], settingsModels: [] })).toEqual([]);
  });
});

describe('models offered from the providers', () => {
  const served = new Map([
    ['groq', ['openai/gpt-oss-120b', 'openai/gpt-oss-20b']],
  ]);
  const builtIn = ['groq/openai/gpt-oss-20b', 'groq/openai/gpt-oss-120b', 'cerebras/gpt-oss-120b'];

  it("offers a provider's live list when it was read, else that provider's built-in models", () => {
    expect(availableModels(served, builtIn)).toEqual([
      { modelId: 'groq/openai/gpt-oss-120b', source: 'served' },
      { modelId: 'groq/openai/gpt-oss-20b', source: 'served' },
      { modelId: 'cerebras/gpt-oss-120b', source: 'built-in' },
    ]);
    // Offline, or no key anywhere: the built-in list.
    expect(availableModels(new Map(), builtIn).map((m) => m.source)).toEqual(['built-in', 'built-in', 'built-in']);
  });

  it('marks a remembered or prompt model its provider no longer lists, and never preselects it', () => {
    const choices = modelChoices({
      promptModels: ['groq/llama-3.1-8b-instant'],
      remembered: ['groq/llama-3.1-8b-instant', 'groq/openai/gpt-oss-20b'],
      settingsModels: [],
      served,
      available: availableModels(served, builtIn),
    });
    expect(choices).toEqual([
      { modelId: 'groq/llama-3.1-8b-instant', picked: false, source: 'prompt', unserved: true },
      { modelId: 'groq/openai/gpt-oss-20b', picked: true, source: 'remembered' },
      { modelId: 'groq/openai/gpt-oss-120b', picked: false, source: 'served' },
      { modelId: 'cerebras/gpt-oss-120b', picked: false, source: 'built-in' },
    ]);
    // A provider whose list was not read is not judged.
    expect(isUnserved('cerebras/llama3.1-8b', served)).toBe(false);
    expect(isUnserved('groq/qwen-3-32b', served)).toBe(true);
  });
});

describe('offline and declared models', () => {
  it('lists sim/echo and the models declared under refinery.endpoints, after the prompt, memory and settings', () => {
    const choices = modelChoices({
      promptModels: ['groq/a'],
      remembered: [],
      settingsModels: [],
      offline: ['sim/echo'],
      declared: declaredEndpointModels([{ id: 'ollama', models: ['llama3.2', 'qwen3'] }, { id: 'vllm' }]),
      available: [{ modelId: 'groq/b', source: 'served' }],
    });
    expect(choices.map((c) => [c.modelId, c.source, c.picked])).toEqual([
      ['groq/a', 'prompt', true],
      ['sim/echo', 'offline', false],
      ['ollama/llama3.2', 'endpoint', false],
      ['ollama/qwen3', 'endpoint', false],
      ['groq/b', 'served', false],
    ]);
  });
});

describe('the picker’s reading of typed text and its selection line', () => {
  it('takes a typed provider/model id, not a filter word', () => {
    expect(typedModelId(' sim/echo ')).toBe('sim/echo');
    expect(typedModelId('ollama/llama3.2:8b')).toBe('ollama/llama3.2:8b');
    expect(typedModelId('gpt')).toBeUndefined();
    expect(typedModelId('sim/')).toBeUndefined();
  });

  it('says what OK runs, hidden rows included, and when nothing is checked', () => {
    expect(selectionPrompt([])).toBe('Nothing checked yet.');
    expect(selectionPrompt(['sim/echo'])).toBe('Runs 1 model: sim/echo.');
    expect(selectionPrompt(['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6'])).toBe('Runs 6 models: a/1, a/2, a/3, a/4 and 2 more.');
  });
});
