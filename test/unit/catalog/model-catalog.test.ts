import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkModelsServed, createModelCatalog, notServedError } from '../../../src/core/catalog';
import { UserError } from '../../../src/core/errors';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

// The model catalog through the real SDKs against the fake server: Groq's and Cerebras' lists,
// a day's cache on disk, a refresh before a model is called missing, and no request per check.

const HOUR = 60 * 60 * 1000;
let cacheDir: string;
let server: FakeServer;
let registry: ProviderRegistry;
let clock: number;

beforeEach(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-catalog-'));
  clock = Date.parse('2026-12-07T10:00:00Z');
  server = await startFakeServer({
    modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'], cerebras: ['gpt-oss-120b', 'qwen-3.8-27b'] },
  });
  registry = createProviderRegistry({
    env: { GROQ_API_KEY: 'k', GROQ_BASE_URL: server.url, CEREBRAS_API_KEY: 'k', CEREBRAS_BASE_URL: server.url },
    http: { connectionsPerOrigin: 2 },
  });
});

afterEach(async () => {
  await registry.close();
  await server.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

/** Model lists the fake server was asked for. */
const requests = (): number => server.stats.modelListRequests;

const catalog = (options: { cacheDir?: string | null } = {}) =>
  createModelCatalog({ registry, cacheDir: options.cacheDir === undefined ? cacheDir : options.cacheDir, now: () => clock });

describe('model catalog', () => {
  it("lists each provider's own models, in its own ids, with where and when they were read", async () => {
    const models = catalog();
    const groq = await models.list('groq');
    const cerebras = await models.list('cerebras');

    expect(groq).toMatchObject({ providerId: 'groq', baseUrl: server.url, fetchedAt: '2026-12-07T10:00:00.000Z', cached: false });
    expect(groq.models.map((m) => m.id)).toEqual(['openai/gpt-oss-120b', 'openai/gpt-oss-20b']);
    expect(cerebras.models.map((m) => m.id)).toEqual(['gpt-oss-120b', 'qwen-3.8-27b']);
    expect(requests()).toBe(2);
  });

  it('keeps a list for a day, on disk for other processes, then asks again', async () => {
    await catalog().list('groq');
    expect(fs.readdirSync(cacheDir)).toHaveLength(1);

    clock += 23 * HOUR;
    const fromDisk = await catalog().list('groq'); // a new catalog: another process
    expect(fromDisk.cached).toBe(true);
    expect(fromDisk.fetchedAt).toBe('2026-12-07T10:00:00.000Z');
    expect(requests()).toBe(1);

    clock += 2 * HOUR;
    server.setOptions({ modelsByFlavour: { groq: ['openai/gpt-oss-20b'] } });
    const renewed = await catalog().list('groq');
    expect(renewed).toMatchObject({ cached: false, fetchedAt: '2026-12-08T11:00:00.000Z' });
    expect(renewed.models.map((m) => m.id)).toEqual(['openai/gpt-oss-20b']);
    expect(requests()).toBe(2);
  });

  it('asks once for many checks in one process, and again on refresh', async () => {
    const models = catalog({ cacheDir: null });
    await Promise.all([models.list('groq'), models.list('groq'), models.list('groq')]);
    await models.list('groq');
    expect(requests()).toBe(1);
    await models.list('groq', { refresh: true });
    expect(requests()).toBe(2);
  });

  it('remembers a failure for a while instead of asking on every check, then tries again', async () => {
    const models = catalog({ cacheDir: null });
    server.setOptions({ apiKey: 'another-key' });
    await expect(models.list('groq')).rejects.toMatchObject({ kind: 'auth' });
    await expect(models.list('groq')).rejects.toMatchObject({ kind: 'auth' });
    expect(requests()).toBe(1);
    server.setOptions({ apiKey: undefined });
    clock += 6 * 60_000;
    expect((await models.list('groq')).models).toHaveLength(2);
    expect(requests()).toBe(2);
  });

  it('says why a provider cannot be listed: a missing key, or the simulator', async () => {
    const noKeys = createModelCatalog({ registry: createProviderRegistry({ env: {} }), cacheDir: null });
    await expect(noKeys.list('cerebras')).rejects.toThrow('CEREBRAS_API_KEY is not set (needed for listing cerebras\'s models)');
    await expect(noKeys.list('sim')).rejects.toBeInstanceOf(UserError);
    await expect(noKeys.list('nope')).rejects.toThrow(/^unknown provider "nope" \(known providers: groq, cerebras, sim\)/);
  });
});

describe('checkModelsServed', () => {
  it('names the models a provider does not list, with what it serves, and skips the simulator', async () => {
    const check = await checkModelsServed(
      ['groq/openai/gpt-oss-20b', 'groq/llama-3.1-8b-instant', 'cerebras/gpt-oss-120b', 'cerebras/llama3.1-8b', 'sim/echo'],
      catalog(),
    );

    expect(check.unchecked).toEqual([]);
    expect(check.unserved.map((u) => u.modelId)).toEqual(['cerebras/llama3.1-8b', 'groq/llama-3.1-8b-instant']);
    const error = notServedError(check.unserved, { file: 'triage.prompt' });
    expect(error.code).toBe('provider.model-not-served');
    expect(error.message).toBe(
      [
        'cerebras/llama3.1-8b is not served by cerebras today; current models: gpt-oss-120b, qwen-3.8-27b',
        'groq/llama-3.1-8b-instant is not served by groq today; current models: openai/gpt-oss-120b, openai/gpt-oss-20b',
      ].join('\n'),
    );
    expect(error.fix).toContain('`refinery models --provider cerebras` or `--provider groq`');
  });

  it('reads a cached list again before it calls a model missing: the model may be new', async () => {
    await catalog().list('groq');
    server.setOptions({ modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b', 'qwen/qwen3.8-27b'] } });
    clock += HOUR;

    const check = await checkModelsServed(['groq/qwen/qwen3.8-27b'], catalog());

    expect(check.unserved).toEqual([]);
    expect(requests()).toBe(2);
  });

  it('leaves a provider it cannot ask unchecked, and says why', async () => {
    const gone = await startFakeServer();
    const url = gone.url;
    await gone.close();
    const offline = createProviderRegistry({ env: { GROQ_API_KEY: 'k', GROQ_BASE_URL: url } });
    try {
      const check = await checkModelsServed(['groq/llama-3.1-8b-instant'], createModelCatalog({ registry: offline, cacheDir: null }));
      expect(check.unserved).toEqual([]);
      expect(check.unchecked).toEqual([{ providerId: 'groq', reason: expect.stringMatching(/could not reach the provider at .*ECONNREFUSED/) as unknown }]);
    } finally {
      await offline.close();
    }
  });
});
