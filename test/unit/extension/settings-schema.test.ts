import { describe, expect, it } from 'vitest';
import { parseSettings, type SettingName } from '../../../src/extension/settings-schema';

const read = (values: Partial<Record<SettingName, unknown>>) => (name: SettingName) => values[name];

describe('parseSettings', () => {
  it('gives the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(read({}));
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      models: [],
      judgeModel: undefined,
      concurrency: 16,
      requestTimeoutMs: 60_000,
      prices: {},
      confirmCostAboveUsd: 0.5,
      store: 'local',
      endpoints: [],
      baseUrls: {},
      batch: {},
    });
  });

  it('reads refinery.batch.* as VS Code hands it over (one object, unset keys null) and refuses a bad window', () => {
    const { settings, problems } = parseSettings(
      read({ batch: { pollIntervalMs: 200, maxPollIntervalMs: null, providers: { cerebras: { enabled: true, discount: 0.5 } } } }),
    );
    expect(problems).toEqual([]);
    expect(settings.batch).toEqual({ pollIntervalMs: 200, providers: { cerebras: { enabled: true, discount: 0.5 } } });
    const bad = parseSettings(read({ batch: { providers: { groq: { completionWindow: 'tomorrow' } } } }));
    expect(bad.settings.batch).toEqual({});
    expect(bad.problems[0]).toMatch(/^refinery\.batch\.providers\.groq\.completionWindow: expected a window like 24h or 7d/);
  });

  it('reads valid values', () => {
    const { settings, problems } = parseSettings(
      read({
        models: ['groq/llama-3.1-8b-instant'],
        judgeModel: 'cerebras/gpt-oss-120b',
        concurrency: 4,
        prices: { 'ollama/*': { inputPerMillion: 0, outputPerMillion: 0 } },
        endpoints: [{ id: 'ollama', baseUrl: 'http://localhost:11434/v1' }],
        baseUrls: { groq: 'http://127.0.0.1:9000/openai/v1', cerebras: '' },
      }),
    );
    expect(problems).toEqual([]);
    expect(settings.concurrency).toBe(4);
    expect(settings.judgeModel).toBe('cerebras/gpt-oss-120b');
    expect(settings.endpoints[0]?.id).toBe('ollama');
    expect(settings.baseUrls).toEqual({ groq: 'http://127.0.0.1:9000/openai/v1', cerebras: undefined });
  });

  it('falls back to the default for each invalid setting and names it', () => {
    const { settings, problems } = parseSettings(
      read({ concurrency: 0, prices: { 'groq/x': { inputPerMillion: -1, outputPerMillion: 1 } }, store: 'cloud', models: ['sim/echo'] }),
    );
    expect(settings.concurrency).toBe(16);
    expect(settings.prices).toEqual({});
    expect(settings.store).toBe('local');
    expect(settings.models).toEqual(['sim/echo']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^refinery\.concurrency: /);
    expect(problems[1]).toMatch(/^refinery\.prices\.groq\/x\.inputPerMillion: /);
    expect(problems[2]).toMatch(/^refinery\.store: /);
  });
});
