import { describe, expect, it } from 'vitest';
import { checkAssertions, type Assertion, type AssertionContext } from '../../../src/core/assertions';

const base: AssertionContext = { output: 'positive', row: { expected: 'positive', count: 3 }, latencyMs: 1200, costUsd: 0.0004 };
const check = (assertion: Assertion, ctx: Partial<AssertionContext> = {}) => checkAssertions([assertion], { ...base, ...ctx })[0];

describe('text assertions', () => {
  it('equals a literal, ignoring surrounding whitespace of the output', () => {
    expect(check({ equals: 'positive' }, { output: '  positive\n' })).toMatchObject({ grader: 'assert:equals', pass: true, score: null, state: 'graded', costUsd: 0 });
    expect(check({ equals: 'positive' }, { output: 'Positive' })).toMatchObject({ pass: false, reason: 'output "Positive" does not equal "positive"' });
  });

  it('equals a dataset column, non-string values compared as JSON', () => {
    expect(check({ equals: { column: 'expected' } })?.pass).toBe(true);
    expect(check({ equals: { column: 'count' } }, { output: '3' })?.pass).toBe(true);
    expect(check({ equals: { column: 'expected' } }, { output: 'negative' })?.pass).toBe(false);
  });

  it('a column missing from the row fails with the reason', () => {
    expect(check({ contains: { column: 'label' } })).toMatchObject({ pass: false, reason: "column 'label' is not in this dataset row" });
  });

  it('contains', () => {
    expect(check({ contains: 'sit' })?.pass).toBe(true);
    expect(check({ contains: 'neg' })).toMatchObject({ pass: false, reason: 'output does not contain "neg"' });
  });

  it('regex against a literal pattern and against a column', () => {
    expect(check({ regex: '^pos\\w+$' })?.pass).toBe(true);
    expect(check({ regex: '^\\d+$' })?.pass).toBe(false);
    expect(check({ regex: { column: 'pattern' } }, { row: { pattern: 'i.e' } })?.pass).toBe(true);
    expect(check({ regex: { column: 'pattern' } }, { row: { pattern: '(' } })?.reason).toMatch(/^invalid regular expression "\("/);
  });
});

describe('JSON assertions', () => {
  const outputSchema = {
    type: 'object',
    properties: { label: { enum: ['a', 'b'] }, score: { type: 'number' } },
    required: ['label'],
    additionalProperties: false,
  };

  it('json: valid JSON passes, prose fails with the parser message', () => {
    expect(check({ json: true }, { output: '{"a": [1, 2]}' })?.pass).toBe(true);
    expect(check({ json: true }, { output: 'sure: {"a":1}' })).toMatchObject({ pass: false });
    expect(check({ json: true }, { output: 'sure' })?.reason).toMatch(/^output is not valid JSON: /);
  });

  it('json-schema: matching, wrong type, missing required field, extra field', () => {
    expect(check({ 'json-schema': true }, { output: '{"label":"a","score":0.5}', outputSchema })?.pass).toBe(true);
    const wrong = check({ 'json-schema': true }, { output: '{"label":"c","score":"high"}', outputSchema });
    expect(wrong?.pass).toBe(false);
    expect(wrong?.reason).toContain('/label must be equal to one of the allowed values');
    expect(wrong?.reason).toContain('/score must be number');
    expect(check({ 'json-schema': true }, { output: '{"score":1}', outputSchema })?.reason).toContain("(root) must have required property 'label'");
    expect(check({ 'json-schema': true }, { output: '{"label":"a","x":1}', outputSchema })?.reason).toContain('must NOT have additional properties');
  });

  it('json-schema without a schema or with non-JSON output fails clearly', () => {
    expect(check({ 'json-schema': true }, { output: '{}' })?.reason).toBe('the prompt has no output.schema to check against');
    expect(check({ 'json-schema': true }, { output: 'nope', outputSchema })?.reason).toMatch(/^output is not valid JSON/);
  });
});

describe('latency and cost', () => {
  it('latency-under is strict', () => {
    expect(check({ 'latency-under': 1201 })).toMatchObject({ pass: true, reason: 'latency 1200 ms < 1201 ms' });
    expect(check({ 'latency-under': 1200 })).toMatchObject({ pass: false, reason: 'latency 1200 ms ≥ 1200 ms' });
  });

  it('cost-under, and an unknown cost fails', () => {
    expect(check({ 'cost-under': 0.001 })?.pass).toBe(true);
    expect(check({ 'cost-under': 0.0001 })?.pass).toBe(false);
    expect(check({ 'cost-under': 0.001 }, { costUsd: null })).toMatchObject({ pass: false, reason: 'cost unknown (no price for this model)' });
  });
});

it('names repeated kinds apart so each has its own column', () => {
  const grades = checkAssertions([{ contains: 'p' }, { json: true }, { contains: 'q' }], base);
  expect(grades.map((g) => g.grader)).toEqual(['assert:contains', 'assert:json', 'assert:contains#2']);
  expect(grades.map((g) => g.pass)).toEqual([true, false, false]);
});
