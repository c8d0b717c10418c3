import { describe, expect, it } from 'vitest';
import { modelChoices } from '../../../src/extension/runs/model-choices';

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
