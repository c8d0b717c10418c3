import { describe, expect, it } from 'vitest';
import { availableModels, isUnserved, modelChoices } from '../../../src/extension/runs/model-choices';

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
