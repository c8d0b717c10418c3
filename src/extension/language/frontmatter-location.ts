import type { SourceSpanLike } from './lint-source-types';

const FENCE = /^---[ \t]*$/;

/** 0-based lines of the frontmatter fences, or undefined when the file has no (closed) frontmatter. */
export function frontmatterLines(source: string): { open: number; close: number } | undefined {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!FENCE.test(lines[0] ?? '')) return undefined;
  const close = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  return close === -1 ? undefined : { open: 0, close };
}

/**
 * Where the value of a top-level frontmatter key is written (1-based, end exclusive), e.g. the
 * `data/tickets.csv` of `refinery.dataset: data/tickets.csv`; the key itself when the value is
 * on later lines. Undefined when the key is absent.
 */
export function frontmatterValueSpan(source: string, key: string): SourceSpanLike | undefined {
  const fences = frontmatterLines(source);
  if (!fences) return undefined;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const keyPattern = new RegExp(`^(${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*:[ \\t]*(.*?)[ \\t]*(?:#.*)?$`);
  for (let index = fences.open + 1; index < fences.close; index++) {
    const match = keyPattern.exec(lines[index] ?? '');
    if (!match) continue;
    const value = match[2] ?? '';
    const line = index + 1;
    if (value === '') return { line, column: 1, endLine: line, endColumn: key.length + 1 };
    const column = (lines[index] ?? '').indexOf(value, key.length) + 1;
    return { line, column, endLine: line, endColumn: column + value.length };
  }
  return undefined;
}

/**
 * Where `text` is first written in the frontmatter at or after the line of `key` (1-based, end
 * exclusive), e.g. one path of `refinery.graders: [a.prompt, b.prompt]` or of a block list
 * below the key. Undefined when not found.
 */
export function frontmatterTextSpan(source: string, key: string, text: string): SourceSpanLike | undefined {
  const fences = frontmatterLines(source);
  const keySpan = frontmatterValueSpan(source, key);
  if (!fences || !keySpan || text === '') return undefined;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let index = keySpan.line - 1; index < fences.close; index++) {
    const line = lines[index] ?? '';
    const at = line.indexOf(text, index === keySpan.line - 1 ? key.length : 0);
    if (at !== -1) return { line: index + 1, column: at + 1, endLine: index + 1, endColumn: at + 1 + text.length };
  }
  return undefined;
}
