/**
 * Finds JSON objects embedded in free text (prose, ``` fences, tags around them).
 * LLM answers wrap their JSON in all of these, so we scan for balanced `{…}` spans, skipping
 * braces inside JSON strings, and keep the spans that `JSON.parse` accepts.
 */
export type JsonScanItem =
  | { kind: 'object'; value: Record<string, unknown> }
  /** A `{` whose object never closes: the answer was cut off. */
  | { kind: 'unterminated' };

/** Where each `{` closes: its `}` index, or -1 when the text ends first (the answer was cut off). */
type ClosingIndex = Map<number, number>;

/**
 * Index of the `}` closing the object opened at `start`, or -1 when the text ends first.
 * One scan also settles every `{` it meets outside a string (a fresh scan from there would see
 * exactly the same characters), so a text full of braces costs linear time, not quadratic.
 */
function findClosingBrace(text: string, start: number, known: ClosingIndex): number {
  const cached = known.get(start);
  if (cached !== undefined) return cached;
  const open: number[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') open.push(i);
    else if (char === '}') {
      const opened = open.pop();
      if (opened !== undefined) known.set(opened, i);
      if (open.length === 0) return i;
    }
  }
  for (const opened of open) known.set(opened, -1);
  return -1;
}

function parseObject(span: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(span);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object opens with `{` then, after any whitespace, a key's quote or the closing brace. */
const OBJECT_START = /\{\s*["}]/g;

/**
 * Scans from a `{` that no earlier scan settled and that runs to the end of the text are the
 * costly case (a long cut-off answer, or hostile input full of braces and quotes); after this
 * many the answer is treated as cut off, which keeps the scan linear in practice.
 */
const MAX_CUT_OFF_SCANS = 100;
/** Spans that look like objects but fail to parse (each a thrown SyntaxError) are capped likewise. */
const MAX_FAILED_PARSES = 1000;

/** Parsed objects and cut-off objects in text order. A parsed object's nested objects are not yielded again. */
export function* jsonObjectsIn(text: string): Generator<JsonScanItem> {
  const known: ClosingIndex = new Map();
  const starts = new RegExp(OBJECT_START);
  let cutOffScans = 0;
  let failedParses = 0;
  let from = 0;
  for (;;) {
    starts.lastIndex = from;
    const start = starts.exec(text)?.index;
    if (start === undefined) return;
    const settledBefore = known.has(start);
    const end = findClosingBrace(text, start, known);
    if (end < 0) {
      yield { kind: 'unterminated' };
      if (!settledBefore && ++cutOffScans >= MAX_CUT_OFF_SCANS) return;
      from = start + 1;
      continue;
    }
    const value = parseObject(text.slice(start, end + 1));
    if (value) {
      yield { kind: 'object', value };
      from = end + 1;
    } else {
      // Not JSON (say `{"a" or "b"}` in prose); an object may still start inside it.
      if (++failedParses >= MAX_FAILED_PARSES) return;
      from = start + 1;
    }
  }
}
