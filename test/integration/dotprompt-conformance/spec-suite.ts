/**
 * Runs Google's Dotprompt spec suite (the YAML files under `spec/` of github.com/google/dotprompt,
 * which tests cannot fetch: pass a local copy) through the real Refinery CLI against the fake
 * server, and sorts every case into:
 * - pass: the request the server received carries exactly the messages the spec expects;
 * - clear error: Refinery refused it before any request (exit 2, with a fix) or failed that row
 *   with a message, and sent nothing;
 * - DIFFERENT: Refinery sent something other than what the spec expects (or crashed).
 * Cases whose template is empty (the spec's metadata and Picoschema cases expect no messages)
 * are refused by Refinery (a prompt must send something); their `output.schema` is compared with
 * Refinery's own Picoschema conversion, which is what a request's `response_format` carries.
 *
 * Usage: node scripts/dotprompt-spec.mjs <path to dotprompt/spec>  (after `npm run build`)
 * Each case: `case.prompt` is the template; partials (the suite's and the resolver's) are
 * `_name.prompt` files beside it; the data becomes one JSONL row (`input` as columns, `messages`
 * as the conversation column, each `context` entry as an `@name` column; defaults passed as
 * render options are filled in for absent keys); the model takes images and remote media are
 * allowed (`--allow-remote-media`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { analyzePrompt } from '../../../src/core/prompt';
import { startFakeServer } from '../../fake-server/fake-openai-server';

const MODEL = 'groq/meta-llama/llama-4-scout-17b-16e-instruct';

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

type Outcome = { kind: 'pass' } | { kind: 'clear error'; reason: string } | { kind: 'DIFFERENT'; reason: string };
/** Refinery's conversion of the case's `output.schema` against the spec's: equal, refused with a clear error, or different. */
type SchemaOutcome = 'equal' | 'refused' | 'DIFFERENT';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return name.endsWith('.yaml') ? [file] : [];
  });
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

function run(cli: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function main(): Promise<number> {
  const specDir = process.argv[2];
  const repo = path.resolve(process.argv[3] ?? process.cwd());
  if (!specDir) throw new Error('usage: node scripts/dotprompt-spec.mjs <dotprompt/spec folder>');
  const cli = path.join(repo, 'bin/refinery.js');
  const work = mkdtempSync(path.join(tmpdir(), 'refinery-spec-'));
  let bodies: string[] = [];
  const server = await startFakeServer({ onRequest: (request) => bodies.push(request.text) });
  const env = { GROQ_API_KEY: 'spec', GROQ_BASE_URL: server.url, REFINERY_HOME: path.join(work, 'store') };
  const results: Array<{ file: string; name: string; outcome: Outcome; schema?: SchemaOutcome }> = [];
  let index = 0;
  try {
    for (const file of yamlFiles(specDir).sort()) {
      const suites = z.array(suiteSchema).safeParse(parse(readFileSync(file, 'utf8')));
      if (!suites.success) continue; // not a rendering spec (e.g. a grammar file)
      for (const suite of suites.data) {
        for (const test of suite.tests) {
          const dir = path.join(work, `case-${index++}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, 'case.prompt'), suite.template);
          for (const [name, text] of Object.entries({ ...suite.partials, ...suite.resolverPartials })) writeFileSync(path.join(dir, `_${name}.prompt`), text);
          const data = { ...suite.data, ...test.data };
          const row: Record<string, unknown> = { ...test.options?.input?.default, ...data.input };
          if (data.messages) row.messages = data.messages;
          for (const [name, value] of Object.entries(data.context ?? {})) row[`@${name}`] = value;
          const hasRow = Object.keys(row).length > 0;
          if (hasRow) writeFileSync(path.join(dir, 'data.jsonl'), `${JSON.stringify(row)}\n`);
          bodies = [];
          const args = ['run', 'case.prompt', ...(hasRow ? ['--dataset', 'data.jsonl'] : []), '--model', MODEL, '--allow-remote-media', '--out', 'out.json'];
          const result = await run(cli, args, dir, env);
          const label = `${suite.name}${test.desc ? `: ${test.desc}` : ''}`;
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
          let schema: SchemaOutcome | undefined;
          if (expectedSchema !== undefined) {
            const analysis = analyzePrompt(suite.template, 'case.prompt');
            const refused = analysis.problems.some((p) => p.severity === 'error' && /schema/.test(p.message));
            schema = isDeepEqual(analysis.prompt.outputSchema, expectedSchema) ? 'equal' : refused ? 'refused' : 'DIFFERENT';
          }
          results.push({ file: path.relative(specDir, file), name: label, outcome, ...(schema !== undefined && { schema }) });
        }
      }
    }
  } finally {
    await server.close();
  }

  const count = (kind: Outcome['kind']) => results.filter((r) => r.outcome.kind === kind).length;
  console.log(`Dotprompt spec cases: ${results.length} — pass ${count('pass')}, clear error ${count('clear error')}, DIFFERENT ${count('DIFFERENT')}`);
  const withSchema = results.filter((r) => r.schema !== undefined);
  const schemas = (outcome: SchemaOutcome) => withSchema.filter((r) => r.schema === outcome).length;
  console.log(`output.schema conversions compared: ${withSchema.length} — equal ${schemas('equal')}, refused with a clear error ${schemas('refused')}, DIFFERENT ${schemas('DIFFERENT')}`);
  for (const r of results) {
    if (r.outcome.kind === 'pass') continue;
    console.log(`${r.outcome.kind.padEnd(11)} ${r.file} › ${r.name}\n            ${r.outcome.reason}${r.schema === undefined ? '' : `\n            output.schema: ${r.schema}`}`);
  }
  return count('DIFFERENT') === 0 && schemas('DIFFERENT') === 0 ? 0 : 1;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(3);
  },
);
