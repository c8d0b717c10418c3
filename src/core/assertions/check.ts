import type { GradeRecord, JsonValue } from '../model';
import { jsonSchemaProblems } from './json-schema';
import { assertionKind, assertionNames, type Assertion, type AssertionTarget } from './schema';

/** What an assertion is checked against: one completed cell. */
export interface AssertionContext {
  output: string;
  row: Record<string, JsonValue>;
  latencyMs: number | null;
  costUsd: number | null;
  /** The prompt's `output.schema` as JSON Schema, for `json-schema`. */
  outputSchema?: Record<string, unknown>;
}

type Outcome = { pass: boolean; reason: string };

const short = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);

function resolveTarget(target: AssertionTarget, row: Record<string, JsonValue>): { value: string } | { missing: string } {
  if (typeof target === 'string') return { value: target };
  if (!Object.hasOwn(row, target.column)) return { missing: `column '${target.column}' is not in this dataset row` };
  const value = row[target.column];
  return { value: typeof value === 'string' ? value : JSON.stringify(value ?? null) };
}

function parseJson(output: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(output) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function checkOne(assertion: Assertion, ctx: AssertionContext): Outcome {
  const output = ctx.output.trim();
  if ('equals' in assertion || 'contains' in assertion || 'regex' in assertion) {
    const raw = 'equals' in assertion ? assertion.equals : 'contains' in assertion ? assertion.contains : assertion.regex;
    const target = resolveTarget(raw, ctx.row);
    if ('missing' in target) return { pass: false, reason: target.missing };
    const expected = target.value;
    if ('equals' in assertion) {
      const pass = output === expected.trim();
      return { pass, reason: pass ? `output equals ${short(expected)}` : `output ${short(output)} does not equal ${short(expected)}` };
    }
    if ('contains' in assertion) {
      const pass = output.includes(expected);
      return { pass, reason: pass ? `output contains ${short(expected)}` : `output does not contain ${short(expected)}` };
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(expected);
    } catch (error) {
      return { pass: false, reason: `invalid regular expression ${short(expected)}: ${(error as Error).message}` };
    }
    const pass = pattern.test(ctx.output);
    return { pass, reason: pass ? `output matches /${expected}/` : `output does not match /${expected}/` };
  }
  if ('json' in assertion) {
    const parsed = parseJson(output);
    return 'error' in parsed ? { pass: false, reason: `output is not valid JSON: ${parsed.error}` } : { pass: true, reason: 'output is valid JSON' };
  }
  if ('json-schema' in assertion) {
    if (!ctx.outputSchema) return { pass: false, reason: 'the prompt has no output.schema to check against' };
    const parsed = parseJson(output);
    if ('error' in parsed) return { pass: false, reason: `output is not valid JSON: ${parsed.error}` };
    const problems = jsonSchemaProblems(ctx.outputSchema, parsed.value);
    return problems.length === 0
      ? { pass: true, reason: 'output matches output.schema' }
      : { pass: false, reason: `output does not match output.schema: ${problems.join('; ')}` };
  }
  if ('latency-under' in assertion) {
    const limit = assertion['latency-under'];
    if (ctx.latencyMs === null) return { pass: false, reason: 'latency unknown' };
    const pass = ctx.latencyMs < limit;
    return { pass, reason: `latency ${ctx.latencyMs} ms ${pass ? '<' : '≥'} ${limit} ms` };
  }
  const limit = assertion['cost-under'];
  if (ctx.costUsd === null) return { pass: false, reason: 'cost unknown (no price for this model)' };
  const pass = ctx.costUsd < limit;
  return { pass, reason: `cost $${ctx.costUsd} ${pass ? '<' : '≥'} $${limit}` };
}

/**
 * Checks every assertion against one completed cell, without a model. Each becomes a grade
 * entry named `assert:<kind>` with a pass and no score (a score is a grader's judgement).
 */
export function checkAssertions(assertions: readonly Assertion[], ctx: AssertionContext): GradeRecord[] {
  const names = assertionNames(assertions);
  return assertions.map((assertion, index) => {
    const { pass, reason } = checkOne(assertion, ctx);
    return { grader: names[index] ?? `assert:${assertionKind(assertion)}`, score: null, pass, reason, state: 'graded', costUsd: 0 };
  });
}
