import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import { ensureBuilt, runCli } from '../support/cli-process';

// The real CLI against the fake server, through groq-sdk and the Cerebras SDK: `refinery models`
// lists what each provider serves (cached for a day in the cache folder), a run that names a
// model its provider does not serve stops before any call, and a model retired since the list
// was cached stops at its first answer with one message while the other model finishes.
let dir: string;
let cacheHome: string;
let server: FakeServer;
/** Chat requests per model. */
let chats: Map<string, number>;

const env = (overrides: Record<string, string> = {}) => ({
  GROQ_API_KEY: 'test-key',
  CEREBRAS_API_KEY: 'test-key',
  GROQ_BASE_URL: server.url,
  CEREBRAS_BASE_URL: server.url,
  REFINERY_HOME: path.join(dir, 'store'),
  XDG_CACHE_HOME: cacheHome,
  ...overrides,
});
const cli = (args: string[], overrides?: Record<string, string>) => runCli(args, { cwd: dir, env: env(overrides) });

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-models-'));
  server = await startFakeServer({
    onRequest: ({ body }) => chats.set(body.model, (chats.get(body.model) ?? 0) + 1),
    modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b', 'qwen/qwen3.8-27b'], cerebras: ['gpt-oss-120b', 'qwen-3.8-27b'] },
  });
  const rows = Array.from({ length: 30 }, (_, i) => `ticket ${i}`);
  writeFileSync(path.join(dir, 'tickets.csv'), `ticket\n${rows.join('\n')}\n`);
}, 60_000);

beforeEach(() => {
  cacheHome = mkdtempSync(path.join(tmpdir(), 'refinery-models-cache-'));
  chats = new Map();
  server.setOptions({ retiredModels: [] });
  server.reset();
});

afterAll(async () => {
  await server.close();
});

function writePrompt(name: string, models: string[]): string {
  writeFileSync(path.join(dir, name), `---\nrefinery.models: [${models.join(', ')}]\nrefinery.dataset: tickets.csv\nrefinery.concurrency: 4\n---\n{{role "user"}}{{ticket}}\n`);
  return name;
}

describe('refinery models', () => {
  it('lists what each configured provider serves, with the price where known, then from the cache', async () => {
    const first = await cli(['models']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`groq — ${server.url}, listed `);
    expect(first.stdout).toMatch(/ {2}openai\/gpt-oss-120b {2}\$0\.15 in \/ \$0\.60 out per 1M tokens \(checked 2026-12-07\)/);
    expect(first.stdout).toMatch(/ {2}openai\/gpt-oss-20b {3}\$0\.075 in \/ \$0\.30 out per 1M tokens \(checked 2026-12-07\)/);
    expect(first.stdout).toMatch(/ {2}qwen\/qwen3\.8-27b {5}price unknown/);
    expect(first.stdout).toMatch(/ {2}gpt-oss-120b {2}\$0\.35 in \/ \$0\.75 out per 1M tokens \(checked 2026-12-07, unconfirmed\)/);
    expect(first.stdout).toMatch(/ {2}qwen-3\.8-27b {2}price unknown/);
    expect(first.stdout).not.toContain('$0 ');
    expect(server.stats.modelListRequests).toBe(2);

    const second = await cli(['models', '--provider', 'groq']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('cached (--refresh asks again)');
    expect(second.stdout).not.toContain('cerebras');
    expect(server.stats.modelListRequests).toBe(2);

    const refreshed = await cli(['models', '--provider', 'groq', '--refresh']);
    expect(refreshed.stdout).not.toContain('cached');
    expect(server.stats.modelListRequests).toBe(3);
  });

  it('names the key to set for a provider asked for by name, and lists only configured providers otherwise', async () => {
    const missing = await cli(['models', '--provider', 'cerebras'], { CEREBRAS_API_KEY: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: CEREBRAS_API_KEY is not set (needed for listing cerebras's models)");

    const onlyGroq = await cli(['models'], { CEREBRAS_API_KEY: '' });
    expect(onlyGroq.code, onlyGroq.stderr).toBe(0);
    expect(onlyGroq.stdout).toContain('groq — ');
    expect(onlyGroq.stdout).not.toContain('cerebras — ');
  });
});

describe('refinery run with a model its provider does not serve', () => {
  it('stops before the first call, naming the model and what the provider serves, and stores no run', async () => {
    const prompt = writePrompt('old.prompt', ['groq/llama-3.1-8b-instant', 'cerebras/gpt-oss-120b']);

    const result = await cli(['run', prompt]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'old.prompt: error: groq/llama-3.1-8b-instant is not served by groq today; current models: openai/gpt-oss-120b, openai/gpt-oss-20b, qwen/qwen3.8-27b',
    );
    expect(result.stderr).toContain('fix: use a model its provider serves (`refinery models --provider groq` lists them with prices)');
    expect(chats.size).toBe(0);
    const runs = await cli(['runs', 'list']);
    expect(runs.stdout).not.toContain('old');
  });

  it('a model retired since its list was cached fails all its cells with one message, the other model completes', async () => {
    const prompt = writePrompt('triage.prompt', ['groq/openai/gpt-oss-20b', 'cerebras/gpt-oss-120b']);
    expect((await cli(['models'])).code).toBe(0); // both models listed, and cached for a day
    server.setOptions({ retiredModels: ['gpt-oss-120b'] });

    const result = await cli(['run', prompt, '--out', 'out.json']);

    expect(result.code, result.stderr).toBe(0);
    const stopped = result.stdout.split('\n').filter((line) => line.startsWith('stopped '));
    expect(stopped).toEqual([
      expect.stringMatching(/^stopped cerebras\/gpt-oss-120b: cerebras\/gpt-oss-120b is not available: cerebras does not serve it \(404 model_not_found: .*\)\. Fix: pick a model cerebras serves today/),
    ]);
    expect(result.stdout).toMatch(/30 completed, 30 failed/);
    expect(chats.get('openai/gpt-oss-20b')).toBe(30);
    expect(chats.get('gpt-oss-120b') ?? 0).toBeLessThanOrEqual(4);
  });
});
