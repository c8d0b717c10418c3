import { isPlainObject } from './json-objects';

/** Field names as graders write them, compared after `normaliseKey` (so `Pass-Fail` is `passfail`). */
const SCORE_KEYS = ['score', 'grade', 'rating'];
const PASS_KEYS = ['pass', 'passed', 'passfail', 'verdict'];
const REASON_KEYS = ['reason', 'reasoning', 'explanation', 'rationale'];

const TRUE_WORDS = new Set(['true', 'yes', 'pass', 'passed']);
const FALSE_WORDS = new Set(['false', 'no', 'fail', 'failed']);

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The value under the first alias present (aliases in priority order), matched case-insensitively. */
function pick(fields: Record<string, unknown>, aliases: readonly string[]): { key: string; value: unknown } | undefined {
  const byKey = new Map<string, { key: string; value: unknown }>();
  for (const [key, value] of Object.entries(fields)) {
    const normalised = normaliseKey(key);
    if (!byKey.has(normalised)) byKey.set(normalised, { key, value });
  }
  for (const alias of aliases) {
    const found = byKey.get(alias);
    if (found) return found;
  }
  return undefined;
}

/** A verdict field holds a scalar; `{"verdict": {…}}` is a wrapper to look inside, not a verdict. */
export function hasVerdictField(fields: Record<string, unknown>): boolean {
  return Object.entries(fields).some(([key, value]) => {
    const normalised = normaliseKey(key);
    const isVerdictKey = SCORE_KEYS.includes(normalised) || PASS_KEYS.includes(normalised);
    return isVerdictKey && (value === null || typeof value !== 'object');
  });
}

/** The first object, depth-first in document order, that carries a verdict field. */
export function findVerdictObject(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findVerdictObject(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if (hasVerdictField(value)) return value;
  return findVerdictObject(Object.values(value));
}

type Read<T> = { ok: true; value: T | undefined } | { ok: false; problem: string };

const QUOTED_VALUE_LIMIT = 40;

function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > QUOTED_VALUE_LIMIT ? `${value.slice(0, QUOTED_VALUE_LIMIT)}…` : value;
    return `"${shown}"`;
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'boolean' || typeof value === 'number') return `${typeof value} ${value}`;
  return typeof value;
}

export function readScore(fields: Record<string, unknown>): Read<number> {
  const field = pick(fields, SCORE_KEYS);
  if (!field || field.value === null) return { ok: true, value: undefined };
  const { key, value } = field;
  if (typeof value === 'number') return { ok: true, value };
  if (typeof value === 'string' && NUMBER_PATTERN.test(value.trim())) return { ok: true, value: Number(value.trim()) };
  return { ok: false, problem: `"${key}" must be a number, got ${describe(value)}` };
}

export function readPass(fields: Record<string, unknown>): Read<boolean> {
  const field = pick(fields, PASS_KEYS);
  if (!field || field.value === null) return { ok: true, value: undefined };
  const { key, value } = field;
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  return { ok: false, problem: `"${key}" must be true/false, yes/no or pass/fail, got ${describe(value)}` };
}

export function readReason(fields: Record<string, unknown>): Read<string> {
  const field = pick(fields, REASON_KEYS);
  if (!field || field.value === null) return { ok: true, value: undefined };
  const { key, value } = field;
  if (typeof value === 'string') return { ok: true, value: value.trim() };
  return { ok: false, problem: `"${key}" must be text, got ${describe(value)}` };
}
