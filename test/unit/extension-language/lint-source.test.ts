import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCatalog } from '../../../src/core/catalog';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createProviderRegistry } from '../../../src/core/providers';
import type { PromptDiagnostic } from '../../../src/core/prompt';
import { createDatasetColumnsReader } from '../../../src/extension/language/dataset-columns';
import { lintPromptSource, type LintEnvironment } from '../../../src/extension/language/lint-source';
import { startFakeServer } from '../../fake-server/fake-openai-server';

let root: string;
let promptFile: string;
const summary = (diagnostics: PromptDiagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`);
const environment = (overrides: Partial<LintEnvironment> = {}): LintEnvironment => ({
  endpointIds: [],
  prices: DEFAULT_PRICE_TABLE,
  readColumns: createDatasetColumnsReader(),
  ...overrides,
});

const prompt = (dataset: string, body = '{{role "user"}}{{ticket}} {{locale}}') =>
  ['---', 'model: groq/openai/gpt-oss-20b', `refinery.dataset: ${dataset}`, '---', body].join('\n');

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-lint-'));
  fs.mkdirSync(path.join(root, 'prompts'));
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'data', 'tickets.csv'), 'ticket,label\nmy card was charged twice,billing\n');
  fs.writeFileSync(path.join(root, 'data', 'broken.json'), '[{"ticket": "x"},');
  promptFile = path.join(root, 'prompts', 'triage.prompt');
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('lintPromptSource', () => {
  it('flags each placeholder no column of the dataset (relative to the prompt) fills', async () => {
    const diagnostics = await lintPromptSource(prompt('../data/tickets.csv'), promptFile, environment());
    expect(summary(diagnostics)).toEqual(['error prompt.unfilled-variable 5:29']);
    expect(diagnostics[0]?.message).toMatch(/^no dataset column fills \{\{locale\}\}; columns: ticket, label/);
  });

  it('re-reads the columns when the dataset file changes', async () => {
    const file = path.join(root, 'data', 'changing.csv');
    fs.writeFileSync(file, 'ticket\nx\n');
    const env = environment();
    expect(summary(await lintPromptSource(prompt('../data/changing.csv'), promptFile, env))).toEqual(['error prompt.unfilled-variable 5:29']);
    fs.writeFileSync(file, 'ticket,locale\nx,en\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(await lintPromptSource(prompt('../data/changing.csv'), promptFile, env)).toEqual([]);
  });

  it('warns at the path when the dataset does not exist, and checks no columns', async () => {
    const source = prompt('data/tickets.csv');
    const diagnostics = await lintPromptSource(source, promptFile, environment());
    expect(summary(diagnostics)).toEqual(['warning prompt.dataset-not-found 3:19']);
    expect(diagnostics[0]).toMatchObject({ endColumn: 35 });
    expect(diagnostics[0]?.message).toContain(path.join(root, 'prompts', 'data', 'tickets.csv'));
  });

  it('shows why a dataset cannot be read', async () => {
    const diagnostics = await lintPromptSource(prompt('../data/broken.json'), promptFile, environment());
    expect(summary(diagnostics)).toEqual(['warning prompt.dataset-unreadable 3:19']);
    expect(diagnostics[0]?.message).toMatch(/^the dataset \.\.\/data\/broken\.json cannot be read: invalid JSON.* \(line 1\)\nfix: /);
  });

  it('knows declared endpoints, and notes unpriced models of priced providers only', async () => {
    const source = [
      '---',
      'refinery.models: [groq/openai/gpt-oss-20b, groq/llama-9-mega, ollama/llama3.2, sim/echo, vllm/x]',
      '---',
      'Hi',
    ].join('\n');
    const diagnostics = await lintPromptSource(source, promptFile, environment({ endpointIds: ['ollama'] }));
    expect(summary(diagnostics)).toEqual(['info prompt.unpriced-model 2:44', 'error prompt.unknown-model 2:90']);
  });

  it("with a key, warns at a model the provider's live list (read through its SDK) does not have", async () => {
    const server = await startFakeServer({ modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'openai/gpt-oss-120b'] } });
    const registry = createProviderRegistry({ env: { GROQ_API_KEY: 'k', GROQ_BASE_URL: server.url } });
    try {
      const catalog = createModelCatalog({ registry, cacheDir: null });
      const servedModels = async (providerId: string) =>
        registry.listableProviders().includes(providerId) ? (await catalog.list(providerId)).models.map((m) => m.id) : undefined;
      const source = ['---', 'model: groq/llama-3.1-8b-instant', 'refinery.models: [groq/openai/gpt-oss-20b, cerebras/llama3.1-8b]', '---', 'Hi'].join('\n');

      const diagnostics = await lintPromptSource(source, promptFile, environment({ servedModels }));

      // cerebras has no key here: its model is not judged (only noted as unpriced)
      expect(summary(diagnostics)).toEqual(['warning prompt.unserved-model 2:8', 'info prompt.unpriced-model 3:44']);
      expect(diagnostics[0]?.message).toMatch(/^'groq\/llama-3\.1-8b-instant' is not served by groq today; current models: openai\/gpt-oss-120b, openai\/gpt-oss-20b\n/);
      expect(server.stats.modelListRequests).toBe(1);
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('warns at each grader path that does not exist, inline or in a block list', async () => {
    fs.mkdirSync(path.join(root, 'prompts', 'graders'), { recursive: true });
    fs.writeFileSync(path.join(root, 'prompts', 'graders', 'label.prompt'), '---\nrefinery.kind: grader\n---\n{{output}}');
    const inline = ['---', 'refinery.graders: [graders/label.prompt, graders/tone.prompt]', '---', 'Hi'].join('\n');
    const diagnostics = await lintPromptSource(inline, promptFile, environment());
    expect(summary(diagnostics)).toEqual(['warning prompt.grader-not-found 2:42']);
    expect(diagnostics[0]).toMatchObject({ endColumn: 61 });
    expect(diagnostics[0]?.message).toMatch(/^the grader graders\/tone\.prompt does not exist/);
    const block = ['---', 'refinery.graders:', '  - graders/label.prompt', '  - ../graders/tone.prompt', '---', 'Hi'].join('\n');
    expect(summary(await lintPromptSource(block, promptFile, environment()))).toEqual(['warning prompt.grader-not-found 4:5']);
  });

  it('lints an untitled editor without looking for its dataset', async () => {
    let reads = 0;
    const env = environment({
      readColumns: () => { reads++; return Promise.resolve({ kind: 'missing' }); },
      fileExists: () => { reads++; return Promise.resolve(false); },
    });
    expect(await lintPromptSource(prompt('data/tickets.csv').replace('---\n{{', 'refinery.graders: [g.prompt]\n---\n{{'), undefined, env)).toEqual([]);
    expect(reads).toBe(0);
  });

  it('reports bad YAML with its position and invalid refinery keys', async () => {
    const source = ['---', 'model: groq/llama-3.1-8b-instant', 'refinery.modles: [groq/x]', 'config: {temperature: 0.2', '---', 'Hi'].join('\n');
    expect(summary(await lintPromptSource(source, promptFile, environment()))).toEqual(['error prompt.yaml 4:9']);
    const unknownKey = ['---', 'refinery.modles: [groq/x]', '---', 'Hi'].join('\n');
    expect(summary(await lintPromptSource(unknownKey, promptFile, environment()))).toEqual(['error prompt.unknown-key 2:1']);
  });

  it('reads partials: a missing one is an error at its {{> name}} line, a partial\'s variables are checked against the dataset', async () => {
    fs.writeFileSync(path.join(root, 'prompts', '_signature.prompt'), 'Regards, {{agent}}');
    const source = (body: string) => ['---', 'refinery.dataset: ../data/tickets.csv', '---', body].join('\n');
    const missing = await lintPromptSource(source('{{role "user"}}{{ticket}}\n{{> footer}}'), promptFile, environment());
    expect(summary(missing)).toEqual(['error prompt.partial 5:1']);
    expect(missing[0]?.message).toMatch(/^no partial 'footer'; looked for .*prompts\/_footer\.prompt\nfix: create _footer\.prompt beside the prompt/);
    const partialVariable = await lintPromptSource(source('{{role "user"}}{{ticket}}\n{{> signature}}'), promptFile, environment());
    expect(summary(partialVariable)).toEqual(['error prompt.unfilled-variable 5:1']);
    expect(partialVariable[0]?.message).toMatch(/^no dataset column fills \{\{agent\}\}/);
    expect(await lintPromptSource(source('{{ticket}} {{> signature agent="Ada"}}'), promptFile, environment())).toEqual([]);
  });

  it('checks a partial as the editor holds it (unsaved edits), through readText', async () => {
    const source = ['---', 'refinery.dataset: ../data/tickets.csv', '---', '{{> edited}}'].join('\n');
    const partial = path.join(root, 'prompts', '_edited.prompt');
    const readText = (file: string) => Promise.resolve(file === partial ? 'Now reads {{nowhere}}' : undefined);
    expect(summary(await lintPromptSource(source, promptFile, environment({ readText })))).toEqual(['error prompt.unfilled-variable 4:1']);
    expect(summary(await lintPromptSource(source, promptFile, environment()))).toEqual(['error prompt.partial 4:1']);
  });

  it('flags an @ variable nothing fills, and {{history}} without a messages column', async () => {
    const source = (frontmatter: string, body: string) => ['---', 'refinery.dataset: ../data/tickets.csv', frontmatter, '---', body].join('\n');
    const context = await lintPromptSource(source('', '{{ticket}} for {{@auth.email}}'), promptFile, environment());
    expect(summary(context)).toEqual(['error prompt.unfilled-context 5:18']);
    expect(context[0]?.message).toMatch(/^nothing fills \{\{@auth\}\}: no dataset column @auth/);
    expect(await lintPromptSource(source('refinery.context: { auth: { email: a@b.c } }', '{{ticket}} for {{@auth.email}}'), promptFile, environment())).toEqual([]);
    const history = await lintPromptSource(source('', '{{role "system"}}Hi\n{{history}}\n{{role "user"}}{{ticket}}'), promptFile, environment());
    expect(summary(history)).toEqual(['warning prompt.history 6:3']);
    fs.writeFileSync(path.join(root, 'data', 'chats.jsonl'), '{"ticket": "x", "messages": [], "@auth": {"email": "a@b.c"}}\n');
    const filled = ['---', 'refinery.dataset: ../data/chats.jsonl', '---', '{{role "system"}}Hi {{@auth.email}}\n{{history}}\n{{role "user"}}{{ticket}}'].join('\n');
    expect(await lintPromptSource(filled, promptFile, environment())).toEqual([]);
  });
});
