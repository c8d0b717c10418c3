/**
 * Structured output for graders and prompts: the grader's `output.schema` goes out as a JSON
 * schema `response_format` through the real SDKs; a model that rejects it (400, as Groq answers
 * for models without structured outputs) gets `json_object`, then plain text, and is remembered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler } from '../../../src/core/executor';
import { compilePrompt, parsePrompt } from '../../../src/core/prompt';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { gradeGraders } from '../../../src/core/run/grade-cell';
import { responseFormatFor } from '../../../src/core/run/response-format';
import { startFakeServer, type FakeChatRequest, type FakeServer } from '../../fake-server/fake-openai-server';

const GRADER = `---
refinery.kind: grader
output:
  format: json
  schema:
    score: number
    pass: boolean
    reason: string
---
{{role "user"}}Grade this answer as JSON: {{output}}
`;

const VERDICT = '{"score": 1, "pass": true, "reason": "matches"}';

let server: FakeServer | undefined;
let registry: ProviderRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  await server?.close();
});

async function gradeWith(judges: string[], responseFormats: Record<string, ReadonlyArray<'json_object' | 'json_schema'>>) {
  const seen: FakeChatRequest[] = [];
  server = await startFakeServer({ responseFormats, respond: () => VERDICT, onRequest: (r) => seen.push(r) });
  registry = createProviderRegistry({ env: { GROQ_API_KEY: 'k', CEREBRAS_API_KEY: 'k' }, baseUrls: { groq: server.url, cerebras: server.url } });
  const activeRegistry = registry;
  const scheduler = createScheduler({ resolve: (id) => activeRegistry.resolve(id), concurrency: 2, timeoutMs: 5000, maxAttempts: 2 });
  const compiled = await compilePrompt(parsePrompt(GRADER, 'graders/verdict.prompt'));
  const graders = judges.map((judge) => ({ ref: `verdict on ${judge}`, compiled, judge }));
  const first = await gradeGraders(graders, { input: {}, context: {} }, 'billing', { scheduler, prices: DEFAULT_PRICE_TABLE });
  const second = await gradeGraders(graders, { input: {}, context: {} }, 'bug', { scheduler, prices: DEFAULT_PRICE_TABLE });
  const formats = (model: string) => seen.filter((r) => r.body.model === model).map((r) => (r.body.raw.response_format as { type?: string } | undefined)?.type ?? 'text');
  return { first, second, formats, seen };
}

describe('responseFormatFor', () => {
  it('asks for the output schema, for any JSON object with output.format json, else for nothing', () => {
    const withSchema = parsePrompt(GRADER, '/x/my grader.prompt');
    expect(responseFormatFor(withSchema)).toEqual({ type: 'json_schema', name: 'my_grader', schema: withSchema.outputSchema });
    expect(responseFormatFor(parsePrompt('---\noutput:\n  format: json\n---\nhi\n', 'p.prompt'))).toEqual({ type: 'json_object' });
    expect(responseFormatFor(parsePrompt('---\nmodel: sim/echo\n---\nhi\n', 'p.prompt'))).toBeUndefined();
  });
});

describe('grader structured output through the SDKs', () => {
  it('sends the grader schema as json_schema to a model that supports it (groq-sdk and Cerebras SDK)', async () => {
    const { first, formats, seen } = await gradeWith(['groq/openai/gpt-oss-120b', 'cerebras/gpt-oss-120b'], {});
    expect(first.gradePass).toBe(true);
    // the judge call's usage is kept per grade: the fake counts ceil(characters / 4)
    expect(first.grades[0]).toMatchObject({ tokensOut: Math.ceil(VERDICT.length / 4), tokensCached: 0 });
    expect(first.grades[0]?.tokensIn).toBeGreaterThan(0);
    expect(formats('openai/gpt-oss-120b')).toEqual(['json_schema', 'json_schema']);
    expect(formats('gpt-oss-120b')).toEqual(['json_schema', 'json_schema']);
    const format = seen[0]?.body.raw.response_format as { json_schema?: { name?: string; schema?: { required?: string[] } } };
    expect(format.json_schema?.name).toBe('verdict');
    expect(format.json_schema?.schema?.required).toEqual(['score', 'pass', 'reason']);
  });

  it('falls back to json_object, then to plain text, and starts later calls at what the model accepted', async () => {
    const { first, second, formats } = await gradeWith(['groq/llama-3.1-8b-instant', 'groq/llama-3.3-70b-versatile'], {
      'llama-3.1-8b-instant': ['json_object'],
      'llama-3.3-70b-versatile': [],
    });
    expect(first.grades.map((g) => g.state)).toEqual(['graded', 'graded']);
    expect(second.grades.map((g) => g.state)).toEqual(['graded', 'graded']);
    // first grade: schema refused → json_object; second grade starts at json_object
    expect(formats('llama-3.1-8b-instant')).toEqual(['json_schema', 'json_object', 'json_object']);
    // no structured output at all: schema → object → text, then text only
    expect(formats('llama-3.3-70b-versatile')).toEqual(['json_schema', 'json_object', 'text', 'text']);
  });
});
