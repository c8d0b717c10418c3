/**
 * Finds JSON objects embedded in free text (prose, ``` fences, tags around them).
 * LLM answers wrap their JSON in all of these, so we scan for balanced `{…}` spans, skipping
 * braces inside JSON strings, and keep the spans that `JSON.parse` accepts.
 */
export type JsonScanItem =
  | { kind: 'object'; value: Record<string, unknown> }
  /** A `{` whose object never closes: the answer was cut off. */
  | { kind: 'unterminated' };

/** Index of the `}` closing the object opened at `start`, or -1 when the text ends first. */
function findClosingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
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

/** Parsed objects and cut-off objects in text order. A parsed object's nested objects are not yielded again. */
export function* jsonObjectsIn(text: string): Generator<JsonScanItem> {
  let from = 0;
  for (;;) {
    const start = text.indexOf('{', from);
    if (start < 0) return;
    const end = findClosingBrace(text, start);
    if (end < 0) {
      yield { kind: 'unterminated' };
      from = start + 1;
      continue;
    }
    const value = parseObject(text.slice(start, end + 1));
    if (value) {
      yield { kind: 'object', value };
      from = end + 1;
    } else {
      // Not JSON (prose braces, a template like {output}); an object may still start inside it.
      from = start + 1;
    }
  }
}
