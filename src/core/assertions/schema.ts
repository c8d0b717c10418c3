import { z } from 'zod';

/** What a text assertion compares against: a literal, or the value of a dataset column. */
export const assertionTargetSchema = z.union([
  z.string({ error: 'must be text or { column: name }' }),
  z.strictObject({ column: z.string().trim().min(1, { error: 'must name a dataset column' }) }, { error: 'must be text or { column: name }' }),
]);
export type AssertionTarget = z.infer<typeof assertionTargetSchema>;

const compilesAsRegex = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

const regexTarget = z.union([
  z.string({ error: 'must be a regular expression or { column: name }' }).refine(compilesAsRegex, { error: 'is not a valid regular expression' }),
  z.strictObject({ column: z.string().trim().min(1, { error: 'must name a dataset column' }) }),
]);

const positive = (unit: string) => z.number({ error: `must be a number of ${unit} above 0` }).positive({ error: `must be a number of ${unit} above 0` });
const enabled = z.literal(true, { error: 'must be true' });

/** One assertion: a map with exactly one key, the kind, whose value is its argument. */
export const assertionSchema = z.union(
  [
    z.strictObject({ equals: assertionTargetSchema }),
    z.strictObject({ contains: assertionTargetSchema }),
    z.strictObject({ regex: regexTarget }),
    z.strictObject({ json: enabled }),
    z.strictObject({ 'json-schema': enabled }),
    z.strictObject({ 'latency-under': positive('milliseconds') }),
    z.strictObject({ 'cost-under': positive('USD') }),
  ],
  { error: 'must be one of equals, contains, regex, json, json-schema, latency-under, cost-under (one per list item)' },
);
export type Assertion = z.infer<typeof assertionSchema>;
export const ASSERTION_KINDS = ['equals', 'contains', 'regex', 'json', 'json-schema', 'latency-under', 'cost-under'] as const;
export type AssertionKind = (typeof ASSERTION_KINDS)[number];

export const assertionListSchema = z.array(assertionSchema, { error: 'must be a list of assertions such as [{ equals: { column: expected } }]' });

export function assertionKind(assertion: Assertion): AssertionKind {
  const key = Object.keys(assertion)[0];
  const kind = ASSERTION_KINDS.find((k) => k === key);
  if (!kind) throw new Error(`not an assertion: ${JSON.stringify(assertion)}`);
  return kind;
}

/** The grade name of each assertion: `assert:<kind>`, numbered from the second of a kind (`assert:contains#2`). */
export function assertionNames(assertions: readonly Assertion[]): string[] {
  const seen = new Map<string, number>();
  return assertions.map((assertion) => {
    const kind = assertionKind(assertion);
    const count = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, count);
    return count === 1 ? `assert:${kind}` : `assert:${kind}#${count}`;
  });
}

export const ASSERTION_PREFIX = 'assert:';
export const isAssertionName = (grader: string): boolean => grader.startsWith(ASSERTION_PREFIX);
