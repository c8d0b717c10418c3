/**
 * A dataset row as Dotprompt's render data: `input` (the variables), `messages` (the
 * conversation so far) and `context` (the `{{@name}}` values). Conventions:
 *
 * - the column `messages` is the conversation: a list of `{role, content}` (roles user,
 *   assistant or model, system; content text, or a list of parts `{type: "text", text}` /
 *   `{type: "image_url", image_url: {url}}`, or Dotprompt's `{text}` / `{media: {url}}`). In a
 *   CSV file the cell holds that list as JSON text. It stays a variable too (`{{#each messages}}`),
 *   as the parsed list.
 * - a column named `@name` fills `{{@name…}}`, and `@name.field` fills `{{@name.field}}`; a CSV
 *   cell that holds a JSON object or list is read as JSON.
 */
import { z } from 'zod';
import { UserError } from '../errors';
import { isReservedContextName } from './context-names';
import type { HistoryMessage } from './types';

export const HISTORY_COLUMN = 'messages';
export const CONTEXT_PREFIX = '@';

export interface RowData {
  input: Record<string, unknown>;
  /** Undefined when the row has no conversation (no `messages` column, or an empty cell). */
  history?: HistoryMessage[];
  context: Record<string, unknown>;
}

// OpenAI's typed parts first: a part with a `type` is read as that type
const textPart = z.union([z.object({ type: z.literal('text'), text: z.string() }), z.object({ text: z.string() })]);
const imagePart = z.union([
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string() }) }),
  z.object({ media: z.object({ url: z.string(), contentType: z.string().optional() }) }),
]);
const conversationSchema = z.array(
  z.object({
    role: z.enum(['system', 'user', 'assistant', 'model'], { error: 'role must be user, assistant (or model) or system' }),
    content: z.union([z.string(), z.array(z.union([textPart, imagePart]))], {
      error: 'content must be text or a list of parts ({"type": "text", "text": …} or {"type": "image_url", "image_url": {"url": …}})',
    }),
  }),
  { error: 'must be a list of {"role", "content"} messages' },
);

export type Conversation = z.infer<typeof conversationSchema>;

function historyError(message: string): UserError {
  return new UserError(
    'prompt.history',
    `the ${HISTORY_COLUMN} column ${message}`,
    {},
    `write the conversation as a JSON list, e.g. [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}] (in a CSV file, that JSON text in the cell)`,
  );
}

/** The conversation of a row, validated; undefined for an empty cell. Throws a `UserError` naming what is wrong. */
export function parseConversation(value: unknown): Conversation | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value) as unknown;
    } catch (error) {
      throw historyError(`holds text that is not JSON (${(error as Error).message})`);
    }
  }
  const parsed = conversationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}` : '';
    throw historyError(`is not a conversation${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A conversation in dotprompt's message form: `model` for the assistant, parts `{text}` / `{media}`. */
export function toHistory(conversation: Conversation): HistoryMessage[] {
  return conversation.map(({ role, content }) => ({
    role: role === 'assistant' ? 'model' : role,
    content:
      typeof content === 'string'
        ? [{ text: content }]
        : content.map((part) => {
            if ('text' in part) return { text: part.text };
            if ('media' in part) return { media: { url: part.media.url, ...(part.media.contentType !== undefined && { contentType: part.media.contentType }) } };
            return { media: { url: part.image_url.url } };
          }),
  }));
}

/** A CSV cell holding a JSON object or list, read as JSON; any other value as it is. */
function jsonInCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!((text.startsWith('{') && text.endsWith('}')) || (text.startsWith('[') && text.endsWith(']')))) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

function contextError(column: string, message: string): UserError {
  return new UserError('prompt.missing-variables', `the column ${column} ${message}`, {}, 'name context columns @name or @name.field, where name is what the template reads as {{@name…}}');
}

function setPath(target: Record<string, unknown>, column: string, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw contextError(column, `sets a field of ${key}, which another column set to a value that is not an object`);
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
}

/**
 * Splits a row by the conventions above. Throws a `UserError` for a malformed conversation or
 * context column, so the row's cells fail with that message.
 */
export function rowData(row: Readonly<Record<string, unknown>>): RowData {
  const input: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  const fields: Array<[string, string[], unknown]> = [];
  let history: HistoryMessage[] | undefined;
  for (const [column, value] of Object.entries(row)) {
    if (!column.startsWith(CONTEXT_PREFIX)) {
      input[column] = value;
      continue;
    }
    const keys = column.slice(CONTEXT_PREFIX.length).split('.');
    const head = keys[0] ?? '';
    if (keys.some((key) => key === '')) throw contextError(column, 'is not a context name');
    if (isReservedContextName(head)) throw contextError(column, `names @${head}, which Handlebars and dotprompt set themselves`);
    if (value === undefined) continue;
    if (keys.length === 1) context[head] = jsonInCell(value);
    else fields.push([column, keys, jsonInCell(value)]);
  }
  for (const [column, keys, value] of fields) setPath(context, column, keys, value);
  if (Object.hasOwn(input, HISTORY_COLUMN)) {
    const conversation = parseConversation(input[HISTORY_COLUMN]);
    if (conversation) {
      input[HISTORY_COLUMN] = conversation;
      history = toHistory(conversation);
    }
  }
  return { input, ...(history && { history }), context };
}

/** The context names a dataset's columns fill (`@state`, `@auth.email` → state, auth). */
export function contextNamesOfColumns(columns: readonly string[]): string[] {
  const names = columns.filter((c) => c.startsWith(CONTEXT_PREFIX)).map((c) => c.slice(CONTEXT_PREFIX.length).split('.')[0] ?? '');
  return [...new Set(names.filter((name) => name !== ''))];
}
