import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { parseModelId } from '../../../src/core/providers/model-id';
import { openAICompatibleEndpointSchema } from '../../../src/core/providers/openai-compatible';
import { createProviderRegistry, type ProviderRegistry, type ProviderRegistryOptions } from '../../../src/core/providers/registry';
import type { FakeChatRequest } from '../../fake-server/fake-openai-server';
import { request, useFakeServer } from './fixtures';

function userError(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseModelId', () => {
  it('splits at the first slash, so model names may contain slashes', () => {
    expect(parseModelId('groq/openai/gpt-oss-120b')).toEqual({ providerId: 'groq', model: 'openai/gpt-oss-120b' });
    expect(parseModelId('cerebras/gpt-oss-120b')).toEqual({ providerId: 'cerebras', model: 'gpt-oss-120b' });
  });

  it.each(['llama3', '/llama3', 'groq/', ''])('rejects %j with a fix and the given location', (id) => {
    const error = userError(() => parseModelId(id, { file: 'a.prompt', line: 2 }));
    expect(error.code).toBe('prompt.unknown-model');
    expect(error.location).toEqual({ file: 'a.prompt', line: 2 });
    expect(error.fix).toContain('provider/model');
  });
});

describe('createProviderRegistry', () => {
  const fake = useFakeServer();
  let registry: ProviderRegistry | undefined;
  const open = (options: ProviderRegistryOptions): ProviderRegistry => (registry = createProviderRegistry(options));
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
  });

  it('says which key is missing, for which model, and how to fix it', () => {
    const reg = open({ env: {} });

    const groq = userError(() => reg.resolve('groq/llama-3.1-8b-instant', { file: 'triage.prompt', line: 2 }));
    expect(groq.code).toBe('provider.missing-key');
    expect(groq.message).toBe('GROQ_API_KEY is not set (needed for groq/llama-3.1-8b-instant)');
    expect(groq.fix).toBe('export GROQ_API_KEY=… (create a key at https://console.groq.com/keys), or use sim/echo to try without keys');
    expect(groq.location).toEqual({ file: 'triage.prompt', line: 2 });

    const cerebras = userError(() => reg.resolve('cerebras/gpt-oss-120b'));
    expect(cerebras.message).toBe('CEREBRAS_API_KEY is not set (needed for cerebras/gpt-oss-120b)');
    expect(cerebras.fix).toContain('https://cloud.cerebras.ai');
    expect(cerebras.fix).toContain('sim/echo');
  });

  it('treats an empty key as missing', () => {
    const error = userError(() => open({ env: { GROQ_API_KEY: '  ' } }).resolve('groq/llama-3.1-8b-instant'));
    expect(error.code).toBe('provider.missing-key');
  });

  it('names the known providers and how to declare an endpoint for an unknown prefix', () => {
    const reg = open({ env: {}, endpoints: [{ id: 'ollama', baseUrl: 'http://localhost:11434/v1' }] });

    const error = userError(() => reg.resolve('mistral/large'));

    expect(error.code).toBe('provider.unknown');
    expect(error.message).toContain('"mistral"');
    expect(error.message).toContain('groq, cerebras, sim, ollama');
    expect(error.fix).toContain('OpenAI-compatible endpoint');
    expect(reg.knownProviders()).toEqual(['groq', 'cerebras', 'sim', 'ollama']);
  });

  it('resolves groq with a model id that contains a slash, key from env, base URL from GROQ_BASE_URL', async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ apiKey: 'env-key', onRequest: (r) => seen.push(r) });
    const reg = open({ env: { GROQ_API_KEY: 'env-key', GROQ_BASE_URL: fake.server.url } });

    const resolved = reg.resolve('groq/openai/gpt-oss-120b');
    const result = await resolved.provider.complete(request({ model: resolved.model }));

    expect(resolved.providerId).toBe('groq');
    expect(resolved.model).toBe('openai/gpt-oss-120b');
    expect(result.text).toBe('echo: hello world!');
    expect(seen[0]?.flavour).toBe('groq');
    expect(seen[0]?.body.model).toBe('openai/gpt-oss-120b');
  });

  it('lets a stored key win over the environment and baseUrls win over env', async () => {
    await fake.restart({ apiKey: 'stored-key' });
    const reg = open({ env: { CEREBRAS_API_KEY: 'env-key', CEREBRAS_BASE_URL: 'http://127.0.0.1:9' }, keys: { cerebras: 'stored-key' }, baseUrls: { cerebras: fake.server.url } });

    const { provider, model } = reg.resolve('cerebras/gpt-oss-120b');
    const result = await provider.complete(request({ model }));

    expect(result.text).toBe('echo: hello world!');
    expect(fake.server.stats.byStatus[200]).toBe(1);
  });

  it('creates each provider once and shares it across models', () => {
    const reg = open({ env: { GROQ_API_KEY: 'k' } });
    const a = reg.resolve('groq/llama-3.1-8b-instant');
    const b = reg.resolve('groq/llama-3.3-70b-versatile');
    expect(a.provider).toBe(b.provider);
    expect(b.model).toBe('llama-3.3-70b-versatile');
  });

  it('resolves a declared endpoint, with its key env and extra headers', async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ apiKey: 'local-secret', onRequest: (r) => seen.push(r) });
    const endpoint = { id: 'vllm', baseUrl: `${fake.server.url}/v1`, apiKeyEnv: 'VLLM_KEY', headers: { 'x-team': 'evals' } };
    const reg = open({ env: { VLLM_KEY: 'local-secret' }, endpoints: [endpoint] });

    const { provider, providerId, model } = reg.resolve('vllm/meta-llama/Llama-3.1-8B-Instruct');
    const result = await provider.complete(request({ model }));

    expect(providerId).toBe('vllm');
    expect(model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(result.text).toBe('echo: hello world!');
    expect(seen[0]?.headers['x-team']).toBe('evals');
  });

  it('asks for an endpoint key only when the endpoint declares apiKeyEnv', () => {
    const reg = open({
      env: {},
      endpoints: [
        { id: 'ollama', baseUrl: 'http://localhost:11434/v1' },
        { id: 'secured', baseUrl: 'http://localhost:8000/v1', apiKeyEnv: 'SECURED_KEY' },
      ],
    });

    expect(reg.resolve('ollama/llama3.2').providerId).toBe('ollama');
    const error = userError(() => reg.resolve('secured/model'));
    expect(error.code).toBe('provider.missing-key');
    expect(error.message).toBe('SECURED_KEY is not set (needed for secured/model)');
    expect(error.fix).toContain('remove apiKeyEnv');
  });

  it('serves sim/* offline with the configured latency', async () => {
    const reg = open({ env: {}, simLatencyMs: 0 });
    const { provider, model } = reg.resolve('sim/echo');
    const result = await provider.complete(request({ model }));
    expect(result.simulated).toBe(true);
    expect(reg.resolve('sim/anything-else').provider).toBe(provider);
  });

  it('streams through every network provider when asked', async () => {
    const seen: FakeChatRequest[] = [];
    await fake.restart({ onRequest: (r) => seen.push(r) });
    const reg = open({ env: { GROQ_API_KEY: 'k' }, baseUrls: { groq: fake.server.url }, stream: true });

    const { provider, model } = reg.resolve('groq/llama-3.1-8b-instant');
    const result = await provider.complete(request({ model }));

    expect(seen[0]?.body.stream).toBe(true);
    expect(result.usage.inputTokens).toBe(4);
  });
});

describe('openAICompatibleEndpointSchema', () => {
  it('accepts a minimal endpoint', () => {
    expect(openAICompatibleEndpointSchema.parse({ id: 'ollama', baseUrl: 'http://localhost:11434/v1' })).toEqual({ id: 'ollama', baseUrl: 'http://localhost:11434/v1' });
  });

  it.each([
    [{ id: 'groq', baseUrl: 'http://localhost:1/v1' }, 'built-in'],
    [{ id: 'my/llm', baseUrl: 'http://localhost:1/v1' }, 'id must be'],
    [{ id: 'ollama', baseUrl: 'localhost:11434' }, 'baseUrl'],
    [{ id: 'ollama', baseUrl: 'http://localhost:11434/v1', apiKeyEnv: 'not a name' }, 'apiKeyEnv'],
  ])('rejects %j with a message about it', (value, fragment) => {
    const parsed = openAICompatibleEndpointSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(fragment);
  });
});
