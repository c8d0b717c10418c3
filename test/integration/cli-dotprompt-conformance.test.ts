/**
 * Dotprompt conformance through the real CLI: each case of `dotprompt-conformance/cases.ts` runs
 * as a user would run it (`refinery run case.prompt --dataset … --model …`) against the fake
 * server, with the real groq-sdk and the local store on disk. For every row the test checks:
 * - the request the server received carries exactly the expected messages (and fields);
 * - Refinery's record (the local store) holds those messages byte for byte: the record's texts,
 *   joined, are a substring of the body the server received;
 * - the export shows the same record;
 * - the `dotprompt` package renders the case to the same messages (unless the case documents a
 *   deviation);
 * and a refused case fails before any request with its clear message.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dotprompt, type Message } from 'dotprompt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../src/core/dataset';
import { parsePrompt, rowData } from '../../src/core/prompt';
import { openLocalStore } from '../../src/store/local';
import { startFakeServer, type FakeServer } from '../fake-server/fake-openai-server';
import { DEFAULT_MODELS } from '../fake-server/model-catalog';
import { ensureBuilt, runCli } from '../support/cli-process';
import { CASES, IMAGE_ENDPOINT, IMAGE_MODEL, TEXT_MODEL, type ConformanceCase, type WireMessage } from './dotprompt-conformance/cases';

let root: string;
let server: FakeServer;
let bodies: string[] = [];
const repo = path.resolve(__dirname, '../..');

const env = (): Record<string, string> => ({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: server.url, REFINERY_HOME: path.join(root, 'store') });

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), 'refinery-conformance-'));
  const served = (model: string) => model.slice(model.indexOf('/') + 1);
  server = await startFakeServer({ models: [...DEFAULT_MODELS, served(IMAGE_MODEL)], onRequest: (request) => bodies.push(request.text) });
}, 60_000);

afterAll(async () => {
  await server.close();
});

function writeCase(test: ConformanceCase, dir: string): string | undefined {
  writeFileSync(path.join(dir, 'refinery.config.json'), JSON.stringify({ endpoints: [{ id: IMAGE_ENDPOINT, baseUrl: `${server.url}/v1` }] }));
  for (const [file, content] of Object.entries(test.files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  if (test.rows) {
    writeFileSync(path.join(dir, 'data.jsonl'), test.rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    return 'data.jsonl';
  }
  return test.dataset;
}

/** The case's rows as the dataset reader gives them (CSV cells included). */
async function datasetRows(dir: string, dataset: string | undefined): Promise<Array<Record<string, unknown>>> {
  if (dataset === undefined) return [{}];
  const rows: Array<Record<string, unknown>> = [];
  for await (const batch of (await openDataset(path.join(dir, dataset))).batches()) rows.push(...batch.map((row) => row.data));
  return rows;
}

/** What the `dotprompt` package renders for the row, in the wire form Refinery sends. */
async function dotpromptRenders(test: ConformanceCase, row: Record<string, unknown>, mediaUrl: (url: string) => string): Promise<WireMessage[]> {
  const source = String(test.files['case.prompt']);
  const partials: Record<string, string> = {};
  for (const [file, content] of Object.entries(test.files)) {
    const match = /(?:^|\/)_([^/]+)\.prompt$/.exec(file);
    if (match?.[1] && !file.startsWith('graders/')) partials[match[1]] = String(content);
  }
  const prompt = parsePrompt(source, 'case.prompt', partials);
  const data = rowData(row);
  const dotprompt = new Dotprompt({ partials });
  const rendered = await dotprompt.render(
    source,
    { input: data.input, context: { ...prompt.refinery.context, ...data.context }, ...(data.history && { messages: data.history }) },
    { input: { default: prompt.inputDefaults } },
  );
  return rendered.messages.map((message: Message): WireMessage => {
    const role = message.role === 'model' ? 'assistant' : message.role;
    const parts: Array<Record<string, unknown>> = [];
    for (const part of message.content) {
      const last = parts[parts.length - 1];
      if (part.text !== undefined) {
        if (last?.type === 'text') last.text = String(last.text) + part.text;
        else parts.push({ type: 'text', text: part.text });
      } else if (part.media) {
        parts.push({ type: 'image_url', image_url: { url: mediaUrl(part.media.url) } });
      }
    }
    return parts.some((part) => part.type === 'image_url') ? { role, content: parts } : { role, content: parts.map((part) => String(part.text)).join('') };
  });
}

const exportedCellSchema = (cell: Record<string, unknown>) => cell as { row_index: number | null; status: string; error: string | null; 'request.messages': unknown; 'request.params': unknown };

async function runCase(test: ConformanceCase, index: number): Promise<void> {
  const dir = path.join(root, `case-${index}`);
  mkdirSync(dir, { recursive: true });
  const dataset = writeCase(test, dir);
  bodies = [];
  const args = ['run', 'case.prompt', ...(dataset ? ['--dataset', dataset] : []), '--model', test.model ?? TEXT_MODEL, '--out', 'out.json', ...(test.args ?? [])];
  const result = await runCli(args, { cwd: dir, env: env() });

  if (test.refused) {
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(test.refused.text);
    if (test.refused.at) expect(result.stderr).toContain(test.refused.at);
    expect(bodies).toEqual([]);
    return;
  }
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const rows = await datasetRows(dir, dataset);
  const sent = test.sent ?? [];
  expect(sent).toHaveLength(rows.length);

  // the server: one request per row that sends, carrying exactly the expected messages and fields
  const received = bodies.map((text) => ({ text, body: JSON.parse(text) as { model: string; messages: unknown; [field: string]: unknown } }));
  const modelName = (test.model ?? TEXT_MODEL).slice((test.model ?? TEXT_MODEL).indexOf('/') + 1);
  const ofModel = received.filter((r) => r.body.model === modelName);
  expect(ofModel.map((r) => r.body.messages)).toEqual(expect.arrayContaining(sent.filter((s) => s !== null)));
  expect(ofModel).toHaveLength(sent.filter((s) => s !== null).length);
  for (const request of ofModel) for (const [field, value] of Object.entries(test.params ?? {})) expect(request.body[field], field).toEqual(value);
  for (const text of test.alsoSent ?? []) expect(received.some((r) => r.text.includes(text)), text).toBe(true);

  // the export: every row's cell, its record or its error
  const exported = (JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as Array<Record<string, unknown>>).map(exportedCellSchema);
  expect(exported).toHaveLength(rows.length);
  exported.forEach((cell, i) => {
    const error = test.rowErrors?.[i];
    if (error) {
      expect(cell.status, `row ${i}`).toBe('failed');
      expect(cell.error).toMatch(error);
      expect(cell['request.messages']).toBeNull();
    } else {
      expect(cell.status, `row ${i}: ${cell.error ?? ''}`).toBe('completed');
      expect(cell['request.messages'], `row ${i}`).toEqual(sent[i]);
      for (const [field, value] of Object.entries(test.params ?? {})) expect((cell['request.params'] as Record<string, unknown>)[field]).toEqual(value);
    }
  });

  // the record, byte for byte: its texts joined are what the server received
  const runId = /run ([0-9a-f-]{36})/.exec(result.stdout)?.[1] ?? '';
  const store = await openLocalStore({
    dataDir: path.join(root, 'store'),
    migrationsDir: path.join(repo, 'supabase/migrations'),
    shimFile: path.join(repo, 'supabase/local/00_supabase_shim.sql'),
    seed: false,
  });
  try {
    const requests = await store.listCellRequests(runId);
    expect(requests.size).toBe(sent.filter((s) => s !== null).length);
    for (const request of requests.values()) {
      const wire = `"messages":[${request.messages.join(',')}]`;
      expect(ofModel.filter((r) => r.text.includes(wire)), wire.slice(0, 200)).toHaveLength(1);
    }
  } finally {
    await store.close();
  }

  // what Dotprompt itself renders
  const check = test.dotprompt;
  if (check && 'skip' in check) return;
  const mediaUrl = check && 'mediaUrl' in check ? check.mediaUrl : (url: string) => url;
  for (const [i, row] of rows.entries()) {
    if (test.rowErrors?.[i]) continue;
    expect(await dotpromptRenders(test, row, mediaUrl), `dotprompt renders row ${i} the same`).toEqual(sent[i]);
  }
}

describe('Dotprompt conformance through the CLI', () => {
  for (const [index, test] of CASES.entries()) {
    it(`${test.feature}: ${test.name}`, () => runCase(test, index), 60_000);
  }

  it('covers every feature of the spec', () => {
    expect(new Set(CASES.map((c) => c.feature))).toEqual(new Set(['helpers', 'roles', 'history', 'partials', 'context', 'media', 'schemas', 'whitespace']));
  });
});
