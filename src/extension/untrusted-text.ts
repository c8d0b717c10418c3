/**
 * Untrusted text — file names, dataset columns, model ids, account fields, server and provider
 * answers, `error.message` — put into workbench strings so that it shows as text, never as markup.
 * Pure (no `vscode` import): unit-tested, and small enough for the activation bundle.
 *
 * What the workbench parses (VS Code 1.139's own source):
 * - notification messages (`show*Message`, a progress notification's title and message) turn
 *   `[label](https:… | command:… | file:…)` into a live link (`parseLinkedText`,
 *   src/vs/base/common/linkedText.ts). Nothing else: no emphasis, images, code or icons. The
 *   parser knows no escape, but a link needs `]` and `(` side by side: `messageText` puts an
 *   invisible WORD JOINER (U+2060) between them. Modal dialogs show their text as it is.
 * - quick pick labels, descriptions and details, status bar text and CodeLens titles render
 *   `$(name)` as an icon (`renderLabelWithIcons`); `\$(name)` shows `$(name)`: `labelText`.
 * - an input box's prompt and validation message parse both: `promptText`.
 * - a `MarkdownString` parses all of markdown: build it with `appendText` for data (never
 *   `isTrusted`, never `supportHtml`). Tree item labels and descriptions, string tooltips and
 *   quick pick titles are plain text.
 *
 * Each escaper is a function of the whole text, or a template tag that escapes only the values:
 * messageText`Refinery: ${name} finished` keeps the literal parts (and their `$(icon)`s) as written.
 */

const WORD_JOINER = '\u2060';

/** `](` inside the text, and a `(` or `]` at its ends (where the text around it could complete a link). */
function breakLinks(text: string): string {
  let out = text.replaceAll('](', `]${WORD_JOINER}(`);
  if (out.startsWith('(')) out = WORD_JOINER + out;
  if (out.endsWith(']')) out += WORD_JOINER;
  return out;
}

/** The icon syntax VS Code recognises: `$(` + name (letters, digits, `-`) + optional `~modifier` + `)`. */
const ICON = /\$\((?=[A-Za-z0-9-]+(?:~[A-Za-z]+)?\))/g;

/** Only a `$(` that would become an icon is escaped: elsewhere the backslash would show. */
function escapeIcons(text: string): string {
  return text.replace(ICON, '\\$(');
}

export interface Escaper {
  /** The whole text is data. */
  (text: string): string;
  /** Template tag: every `${value}` is data, the literal parts are kept as written. */
  (literals: TemplateStringsArray, ...values: unknown[]): string;
}

function escaper(escape: (text: string) => string): Escaper {
  return (first: string | TemplateStringsArray, ...values: unknown[]): string => {
    if (typeof first === 'string') return escape(first);
    let out = first[0] ?? '';
    for (let i = 0; i < values.length; i++) out += escape(String(values[i])) + (first[i + 1] ?? '');
    return out;
  };
}

/** For notification messages (`show*Message`, progress notifications) and modal dialogs. */
export const messageText: Escaper = escaper(breakLinks);

/** For quick pick labels, descriptions and details, status bar text, CodeLens titles. */
export const labelText: Escaper = escaper(escapeIcons);

/** For an input box's `prompt` and validation messages (links and icons). */
export const promptText: Escaper = escaper((text) => escapeIcons(breakLinks(text)));

/** Longest piece of server or provider text shown in a message (VS Code cuts whole messages at 1,000). */
export const MAX_SHOWN_ERROR_CHARS = 300;

/**
 * One line (whitespace runs become one space) of at most `max` characters, `…` when cut. Not an
 * escaper: pass the result through one.
 */
export function shortened(text: string, max = MAX_SHOWN_ERROR_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let end = max - 1;
  const code = line.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // never half a surrogate pair
  return `${line.slice(0, end)}…`;
}

/** An error's message (server and provider answers included), shortened for a message. Not an escaper. */
export function errorText(error: unknown, max = MAX_SHOWN_ERROR_CHARS): string {
  return shortened(error instanceof Error ? error.message : String(error), max);
}
