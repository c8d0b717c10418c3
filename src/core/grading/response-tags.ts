/**
 * The `<response>…</response>` answer format. A block cut off before its closing tag runs to
 * the end of the text, so a truncated answer still yields what it has.
 */
export function responseBlocks(text: string): string[] {
  const blocks: string[] = [];
  const pattern = /<response\b[^>]*>([\s\S]*?)(?:<\/response\s*>|$)/gi;
  for (const match of text.matchAll(pattern)) blocks.push(match[1] ?? '');
  return blocks;
}

/**
 * `key: value` (or `key = value`) lines, tolerating markdown bullets and bold (`- **Score:** 4`).
 * Keys are one to three words; a line that is not `key: value` continues the previous value,
 * so a reason may span lines. The first occurrence of a key wins.
 */
const KEY_VALUE_LINE = /^\s*(?:[-*•]\s+)?\**\s*([A-Za-z][\w/-]*(?: [\w/-]+){0,2})\s*\**\s*[:=]\s*\**\s*(.*)$/;

export function keyValueLines(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let currentKey: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = KEY_VALUE_LINE.exec(line);
    if (match) {
      const key = match[1] ?? '';
      currentKey = Object.hasOwn(fields, key) ? undefined : key;
      if (currentKey !== undefined) fields[currentKey] = unquote(match[2] ?? '');
    } else if (currentKey !== undefined && line.trim() !== '') {
      fields[currentKey] = `${fields[currentKey] ?? ''} ${line.trim()}`.trim();
    }
  }
  return fields;
}

function unquote(value: string): string {
  const trimmed = value
    .trim()
    .replace(/^\*+|\*+$/g, '')
    .replace(/,$/, '')
    .trim();
  const quoted = /^(["'`])([\s\S]*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] ?? '') : trimmed;
}
