import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { createProviderRegistry } from '../../../src/core/providers';
import { keyTargets, missingKeyProvider, secretName, validateApiKey } from '../../../src/extension/keys/key-targets';

const ollama = { id: 'ollama', baseUrl: 'http://localhost:11434/v1' };

describe('keyTargets', () => {
  it('offers Groq, Cerebras and each declared endpoint, keyed as the registry keys them', () => {
    expect(keyTargets([ollama]).map((t) => t.providerId)).toEqual(['groq', 'cerebras', 'ollama']);
    expect(secretName('groq')).toBe('refinery.apiKey.groq');
  });

  it('the registry uses a key stored under the provider id', async () => {
    const registry = createProviderRegistry({ env: {}, keys: { groq: 'gsk_test' } });
    try {
      expect(() => registry.resolve('groq/llama-3.1-8b-instant')).not.toThrow();
      expect(() => registry.resolve('cerebras/gpt-oss-120b')).toThrow(UserError);
    } finally {
      await registry.close();
    }
  });
});

describe('validateApiKey', () => {
  const [groq] = keyTargets([]);
  it('blocks empty input and whitespace, warns about an unusual prefix', () => {
    expect(validateApiKey('  ', groq!)).toMatchObject({ severity: 'error' });
    expect(validateApiKey('gsk_abc def', groq!)).toMatchObject({ severity: 'error' });
    expect(validateApiKey('sk-abc', groq!)).toMatchObject({ severity: 'warning', message: expect.stringContaining('gsk_') as string });
    expect(validateApiKey(' gsk_abc ', groq!)).toBeUndefined();
    expect(validateApiKey('anything', keyTargets([ollama])[2]!)).toBeUndefined();
  });
});

describe('missingKeyProvider', () => {
  it('names the provider of the registry missing-key error', async () => {
    const registry = createProviderRegistry({ env: {}, endpoints: [{ ...ollama, apiKeyEnv: 'OLLAMA_KEY' }] });
    try {
      for (const [model, provider] of [['groq/llama-3.1-8b-instant', 'groq'], ['cerebras/gpt-oss-120b', 'cerebras'], ['ollama/llama3.2', 'ollama']]) {
        let error: unknown;
        try {
          registry.resolve(model!);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(UserError);
        expect(missingKeyProvider(error as UserError)).toBe(provider);
      }
    } finally {
      await registry.close();
    }
  });

  it('ignores other errors', () => {
    expect(missingKeyProvider(new UserError('provider.unknown', 'unknown provider "x" (needed for x/y)'))).toBeUndefined();
  });
});
