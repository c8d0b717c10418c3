import { jsonObjectsIn } from './json-objects';
import { keyValueLines, responseBlocks } from './response-tags';
import { findVerdictObject, hasVerdictField, readPass, readReason, readScore } from './verdict-fields';

export type Verdict =
  | { state: 'graded'; score: number /* normalised 0–1 */; pass: boolean; reason: string }
  | { state: 'ungraded'; reason: string /* why it could not be parsed */; raw: string };

export interface VerdictOptions {
  /** The scale the grader scores on, e.g. 1–5; default 0–1. */
  scale?: { min: number; max: number };
  /** On the normalised 0–1 score; a score at the threshold passes. Default 0.5. */
  passThreshold?: number;
}

const DEFAULT_SCALE = { min: 0, max: 1 };
const DEFAULT_PASS_THRESHOLD = 0.5;

type Search = { found: Record<string, unknown> } | { found: undefined; truncated: boolean };

function searchJson(text: string): Search {
  let truncated = false;
  for (const item of jsonObjectsIn(text)) {
    if (item.kind === 'unterminated') {
      truncated = true;
      continue;
    }
    const found = findVerdictObject(item.value);
    if (found) return { found };
  }
  return { found: undefined, truncated };
}

/** Inside `<response>` blocks: JSON first, then `key: value` lines. Elsewhere: JSON only. */
function searchVerdictFields(text: string): Search {
  const blocks = responseBlocks(text);
  if (blocks.length === 0) return searchJson(text);
  let truncated = false;
  for (const block of blocks) {
    const json = searchJson(block);
    if (json.found) return json;
    truncated ||= json.truncated;
    const lines = keyValueLines(block);
    if (hasVerdictField(lines)) return { found: lines };
  }
  return { found: undefined, truncated };
}

function roundScore(score: number): number {
  return Math.round(score * 1e12) / 1e12;
}

function verdictFrom(fields: Record<string, unknown>, raw: string, options: VerdictOptions): Verdict {
  const ungraded = (reason: string): Verdict => ({ state: 'ungraded', reason, raw });
  const scale = options.scale ?? DEFAULT_SCALE;
  const threshold = options.passThreshold ?? DEFAULT_PASS_THRESHOLD;
  if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max) || scale.min >= scale.max) {
    return ungraded(`the grader's declared scale ${scale.min}–${scale.max} is not a range`);
  }

  const score = readScore(fields);
  const pass = readPass(fields);
  const reason = readReason(fields);
  if (!score.ok || !pass.ok || !reason.ok) {
    const problems = [score, pass, reason].flatMap((read) => (read.ok ? [] : [read.problem]));
    return ungraded(`wrong type in the verdict: ${problems.join('; ')}`);
  }

  const reasonText = reason.value ?? '';
  if (score.value === undefined && pass.value === undefined) {
    return ungraded(`the verdict has neither a score nor a pass flag${reasonText ? ` (reason given: ${reasonText})` : ''}`);
  }
  if (score.value === undefined) {
    // Pass/fail graders: a pass is full marks.
    const passed = pass.value === true;
    return { state: 'graded', score: passed ? 1 : 0, pass: passed, reason: reasonText };
  }
  if (score.value < scale.min || score.value > scale.max) {
    return ungraded(
      `score ${score.value} is outside the scale ${scale.min}–${scale.max}`,
    );
  }
  const normalised = roundScore((score.value - scale.min) / (scale.max - scale.min));
  // An explicit pass flag wins over the threshold: the grader may judge pass on other grounds.
  const passed = pass.value ?? normalised >= threshold;
  return { state: 'graded', score: normalised, pass: passed, reason: reasonText };
}

/**
 * Reads an LLM grader's answer: JSON (plain, fenced, amid prose, nested in a wrapper object —
 * the first object with a score or pass field wins) or `<response>` tags holding JSON or
 * `key: value` lines. Never throws: anything it cannot read is `ungraded`, with the reason.
 */
export function parseVerdict(text: string, options: VerdictOptions = {}): Verdict {
  const raw = typeof text === 'string' ? text : String(text);
  try {
    if (raw.trim() === '') return { state: 'ungraded', reason: 'the grader answered nothing', raw };
    const search = searchVerdictFields(raw);
    if (search.found) return verdictFrom(search.found, raw, options);
    const why = search.truncated
      ? 'the JSON verdict is cut off (an object never closes); raise the grader prompt\'s maxOutputTokens'
      : 'no JSON object or <response> block with a score or pass field was found';
    return { state: 'ungraded', reason: why, raw };
  } catch (error) {
    return { state: 'ungraded', reason: `the verdict could not be read: ${String(error)}`, raw };
  }
}
