/**
 * Google's Dotprompt spec suite (the YAML files under `spec/` of github.com/google/dotprompt; a
 * copy with its licence is in `test/fixtures/dotprompt-spec/`) run through the real Refinery CLI
 * against the fake server. Each case comes out as:
 * - pass: the one request the server received carries exactly the messages the spec expects;
 * - clear error: Refinery refused it before any request (exit 2, with a fix) or failed that row
 *   with a message, and sent nothing;
 * - DIFFERENT: Refinery sent something other than what the spec expects (or crashed).
 * Cases whose template is empty (the spec's metadata and Picoschema cases expect no messages)
 * are refused by Refinery (a prompt must send something); their `output.schema` is compared with
 * Refinery's own Picoschema conversion, which is what a request's `response_format` carries.
 *
 * Each case: `case.prompt` is the template; partials (the suite's and the resolver's) are
 * `_name.prompt` files beside it; the data becomes one JSONL row (`input` as columns, `messages`
 * as the conversation column, each `context` entry as an `@name` column; defaults passed as
 * render options are filled in for absent keys); the model is an OpenAI-compatible endpoint
 * declared in `refinery.config.json` (Refinery cannot tell whether it takes images, so it sends
 * them) and remote media are allowed (`--allow-remote-media`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { analyzePrompt } from '../../../src/core/prompt';
import { DEFAULT_MODELS } from '../../fake-server/model-catalog';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

const ENDPOINT = 'spec';
const MODEL_NAME = 'vision-model';

const part = z.looseObject({ text: z.string().optional(), media: z.object({ url: z.string(), contentType: z.string().optional() }).optional(), metadata: z.unknown().optional() });
const message = z.object({ role: z.string(), content: z.array(part) });
const dataSchema = z.object({ input: z.record(z.string(), z.unknown()).optional(), messages: z.array(message).optional(), context: z.record(z.string(), z.unknown()).optional() }).partial();
const testSchema = z.object({
  desc: z.string().optional(),
  data: dataSchema.optional(),
  options: z.object({ input: z.object({ default: z.record(z.string(), z.unknown()).optional() }).optional() }).optional(),
  expect: z.looseObject({ messages: z.array(message).optional(), output: z.looseObject({ schema: z.unknown().optional() }).optional() }),
});
const suiteSchema = z.object({
  name: z.string(),
  template: z.string(),
  data: dataSchema.optional(),
  partials: z.record(z.string(), z.string()).optional(),
  resolverPartials: z.record(z.string(), z.string()).optional(),
  tests: z.array(testSchema),
});

type Suite = z.infer<typeof suiteSchema>;
type Test = z.infer<typeof testSchema>;

export interface SpecCase {
  /** `<file> › <suite>: <desc>`, unique within the suite. */
  id: string;
  file: string;
  suite: Suite;
  test: Test;
}

export type Outcome = { kind: 'pass' } | { kind: 'clear error'; reason: string } | { kind: 'DIFFERENT'; reason: string };
/** Refinery's conversion of the case's `output.schema` against the spec's: equal, refused with a clear error, or different. */
export type SchemaOutcome = 'equal' | 'refused' | 'DIFFERENT';

export interface CaseResult {
  outcome: Outcome;
  schema?: SchemaOutcome;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return name.endsWith('.yaml') ? [file] : [];
  });
}

/** Every rendering case of the spec folder, in file order. */
export function loadSpecCases(specDir: string): SpecCase[] {
  const cases: SpecCase[] = [];
  for (const file of yamlFiles(specDir).sort()) {
    const suites = z.array(suiteSchema).safeParse(parse(readFileSync(file, 'utf8')));
    if (!suites.success) continue; // not a rendering spec (e.g. a grammar file)
    const relative = path.relative(specDir, file).split(path.sep).join('/');
    for (const suite of suites.data) {
      for (const test of suite.tests) {
        const base = `${relative} › ${suite.name}${test.desc ? `: ${test.desc}` : ''}`;
        let id = base;
        for (let n = 2; cases.some((c) => c.id === id); n++) id = `${base} (${n})`;
        cases.push({ id, file: relative, suite, test });
      }
    }
  }
  return cases;
}

/** The spec's expected messages in the OpenAI wire form Refinery sends. */
function wireMessages(messages: Array<z.infer<typeof message>>): unknown[] {
  return messages.flatMap((m) => {
    const role = m.role === 'model' ? 'assistant' : m.role;
    const parts: Array<Record<string, unknown>> = [];
    for (const p of m.content) {
      const last = parts[parts.length - 1];
      if (p.text !== undefined) {
        if (last?.type === 'text') last.text = String(last.text) + p.text;
        else parts.push({ type: 'text', text: p.text });
      } else if (p.media) parts.push({ type: 'image_url', image_url: { url: p.media.url } });
    }
    if (parts.length === 0) return [];
    return [parts.some((p) => p.type === 'image_url') ? { role, content: parts } : { role, content: parts.map((p) => String(p.text)).join('') }];
  });
}

function runCli(cli: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The fake server, a work folder and the CLI, shared by the cases of one run. `slots` CLI
 * processes run at once, each with its own local store (the store is one process's at a time)
 * and its own model name, by which the server's requests are told apart.
 */
export interface SpecRunner {
  run(specCase: SpecCase): Promise<CaseResult>;
  close(): Promise<void>;
}

export async function createSpecRunner(repo: string, options: { slots?: number } = {}): Promise<SpecRunner> {
  const cli = path.join(repo, 'bin/refinery.js');
  const work = mkdtempSync(path.join(tmpdir(), 'refinery-spec-'));
  const slots = Array.from({ length: Math.max(1, options.slots ?? 1) }, (_, slot) => ({ model: `${MODEL_NAME}-${slot}`, home: path.join(work, `store-${slot}`), bodies: [] as string[] }));
  const free = [...slots];
  const waiting: Array<() => void> = [];
  const server: FakeServer = await startFakeServer({
    models: [...DEFAULT_MODELS, ...slots.map((s) => s.model)],
    onRequest: (request) => slots.find((s) => s.model === (JSON.parse(request.text) as { model?: unknown }).model)?.bodies.push(request.text),
  });
  const config = JSON.stringify({ endpoints: [{ id: ENDPOINT, baseUrl: `${server.url}/v1` }] });
  let index = 0;

  const runIn = async (slot: (typeof slots)[number], { suite, test }: SpecCase): Promise<CaseResult> => {
    const dir = path.join(work, `case-${index++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'refinery.config.json'), config);
    writeFileSync(path.join(dir, 'case.prompt'), suite.template);
    for (const [name, text] of Object.entries({ ...suite.partials, ...suite.resolverPartials })) writeFileSync(path.join(dir, `_${name}.prompt`), text);
    const data = { ...suite.data, ...test.data };
    const row: Record<string, unknown> = { ...test.options?.input?.default, ...data.input };
    if (data.messages) row.messages = data.messages;
    for (const [name, value] of Object.entries(data.context ?? {})) row[`@${name}`] = value;
    const hasRow = Object.keys(row).length > 0;
    if (hasRow) writeFileSync(path.join(dir, 'data.jsonl'), `${JSON.stringify(row)}\n`);
    slot.bodies = [];
    const args = ['run', 'case.prompt', ...(hasRow ? ['--dataset', 'data.jsonl'] : []), '--model', `${ENDPOINT}/${slot.model}`, '--allow-remote-media', '--out', 'out.json'];
    const result = await runCli(cli, args, dir, { REFINERY_HOME: slot.home, XDG_CACHE_HOME: path.join(work, 'cache') });
    const bodies = slot.bodies;
    let outcome: Outcome;
    if (result.code === 2) {
      const reason = /error: (.*)/.exec(result.stderr)?.[1] ?? result.stderr.trim();
      outcome = bodies.length === 0 && /fix: /.test(result.stderr) ? { kind: 'clear error', reason } : { kind: 'DIFFERENT', reason: `exit 2 without a clear error: ${result.stderr}` };
    } else if (result.code !== 0) {
      outcome = { kind: 'DIFFERENT', reason: `exit ${String(result.code)}: ${result.stderr.slice(0, 300)}` };
    } else {
      const cells = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as Array<{ status: string; error: string | null }>;
      const expected = wireMessages(test.expect.messages ?? []);
      const sent = bodies.map((body) => (JSON.parse(body) as { messages: unknown }).messages);
      if (cells[0]?.status === 'failed' && sent.length === 0) outcome = { kind: 'clear error', reason: cells[0].error ?? '' };
      else if (sent.length === 1 && JSON.stringify(sent[0]) === JSON.stringify(expected)) outcome = { kind: 'pass' };
      else outcome = { kind: 'DIFFERENT', reason: `sent ${JSON.stringify(sent)}, the spec expects ${JSON.stringify(expected)}` };
    }
    const expectedSchema = test.expect.output?.schema;
    if (expectedSchema === undefined) return { outcome };
    const analysis = analyzePrompt(suite.template, 'case.prompt');
    const refused = analysis.problems.some((p) => p.severity === 'error' && /schema/.test(p.message));
    const schema: SchemaOutcome = isDeepStrictEqual(analysis.prompt.outputSchema, expectedSchema) ? 'equal' : refused ? 'refused' : 'DIFFERENT';
    return { outcome, schema };
  };

  const run = async (specCase: SpecCase): Promise<CaseResult> => {
    let slot = free.pop();
    while (!slot) {
      await new Promise<void>((resolve) => waiting.push(resolve));
      slot = free.pop();
    }
    try {
      return await runIn(slot, specCase);
    } finally {
      free.push(slot);
      waiting.shift()?.();
    }
  };

  return { run, close: () => server.close() };
}

export interface Tally {
  cases: number;
  pass: number;
  clearError: number;
  different: number;
  schemas: number;
  schemasEqual: number;
  schemasRefused: number;
  schemasDifferent: number;
}

export function tally(results: readonly CaseResult[]): Tally {
  const count = (kind: Outcome['kind']) => results.filter((r) => r.outcome.kind === kind).length;
  const schema = (outcome: SchemaOutcome) => results.filter((r) => r.schema === outcome).length;
  return {
    cases: results.length,
    pass: count('pass'),
    clearError: count('clear error'),
    different: count('DIFFERENT'),
    schemas: results.filter((r) => r.schema !== undefined).length,
    schemasEqual: schema('equal'),
    schemasRefused: schema('refused'),
    schemasDifferent: schema('DIFFERENT'),
  };
}

export function formatTally(t: Tally): string {
  return [
    `Dotprompt spec cases: ${t.cases} — pass ${t.pass}, clear error ${t.clearError}, DIFFERENT ${t.different}`,
    `output.schema conversions compared: ${t.schemas} — equal ${t.schemasEqual}, refused with a clear error ${t.schemasRefused}, DIFFERENT ${t.schemasDifferent}`,
  ].join('\n');
}
