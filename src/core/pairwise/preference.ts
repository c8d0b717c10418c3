/**
 * Reads a pairwise judge's answer: A, B or tie, as JSON (`{"winner": "A", "reason": "…"}`, plain,
 * fenced or amid prose) or in `<response>` tags (JSON, `winner: B` lines, or just `B`). Never
 * throws: anything it cannot read is `unreadable`, with the reason.
 */
import { jsonObjectsIn } from '../grading/json-objects';
import { keyValueLines, responseBlocks } from '../grading/response-tags';
import { normaliseKey, readReason } from '../grading/verdict-fields';

export type Choice = 'A' | 'B' | 'tie';

export type Preference = { state: 'judged'; choice: Choice; reason: string } | { state: 'unreadable'; reason: string };

const CHOICE_KEYS = ['winner', 'preference', 'preferred', 'choice', 'better', 'verdict', 'answer'];
const TIE_WORDS = new Set(['tie', 'draw', 'equal', 'same', 'both', 'neither', 'none', 'nopreference']);

/** `A`, `output_a`, `Output A`, `response a` → A; tie words → tie; anything else → undefined. */
export function choiceOf(value: unknown): Choice | undefined {
  if (typeof value !== 'string') return undefined;
  const word = normaliseKey(value);
  if (TIE_WORDS.has(word)) return 'tie';
  const match = /^(?:output|response|answer|option|assistant)?([ab])$/.exec(word);
  if (!match) return undefined;
  return match[1] === 'a' ? 'A' : 'B';
}

function fromFields(fields: Record<string, unknown>): Preference | undefined {
  const entry = Object.entries(fields).find(([key]) => CHOICE_KEYS.includes(normaliseKey(key)));
  if (!entry) return undefined;
  const choice = choiceOf(entry[1]);
  const reason = readReason(fields);
  if (!choice) return { state: 'unreadable', reason: `"${entry[0]}" must be A, B or tie, got ${JSON.stringify(entry[1]).slice(0, 40)}` };
  return { state: 'judged', choice, reason: reason.ok ? (reason.value ?? '') : '' };
}

function fromJson(text: string): Preference | undefined {
  for (const item of jsonObjectsIn(text)) {
    if (item.kind !== 'object') continue;
    const found = fromFields(item.value);
    if (found) return found;
  }
  return undefined;
}

export function parsePreference(text: string): Preference {
  if (text.trim() === '') return { state: 'unreadable', reason: 'the judge answered nothing' };
  const blocks = responseBlocks(text);
  for (const block of blocks) {
    const found = fromJson(block) ?? fromFields(keyValueLines(block));
    if (found) return found;
    const bare = choiceOf(block.trim());
    if (bare) return { state: 'judged', choice: bare, reason: '' };
  }
  const found = blocks.length === 0 ? fromJson(text) : undefined;
  return found ?? { state: 'unreadable', reason: 'no JSON object or <response> block naming a winner (A, B or tie) was found' };
}
