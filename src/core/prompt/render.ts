import path from 'node:path';
import { Dotprompt, type Message, type PromptFunction } from 'dotprompt';
import type { ChatContentPart, ChatMessage } from '../chat';
import { UserError } from '../errors';
import { createMediaResolver, type MediaResolver } from './media';
import { contentAddressedPartials } from './partial-names';
import { ROLE_NAMES } from './template-analysis';
import type { CompiledPrompt, PromptFile, RenderExtras } from './types';
import { requiredVariables } from './variables';

let sharedDotprompt: Dotprompt | undefined;

function dotprompt(): Dotprompt {
  sharedDotprompt ??= new Dotprompt();
  return sharedDotprompt;
}

export interface CompileOptions {
  /** Where `{{media}}` file paths are relative to: the dataset's folder. Default: the prompt's folder. */
  mediaBaseDir?: string;
  /** The user allowed remote media for this run (`--allow-remote-media`), whatever the prompt says. */
  allowRemoteMedia?: boolean;
}

/**
 * Compiles the template once; `render` is then the per-cell hot path. Only the template goes to
 * dotprompt: the metadata is already validated, and dotprompt would re-resolve it (Picoschema
 * included) on every render. The partials are the texts in `prompt.partials` (see `partial-names`).
 */
export async function compilePrompt(prompt: PromptFile, options: CompileOptions = {}): Promise<CompiledPrompt> {
  let template: string;
  try {
    const named = contentAddressedPartials(prompt.template, prompt.partials);
    for (const [id, text] of named.registered) dotprompt().definePartial(id, text);
    template = named.template;
  } catch (e) {
    throw new UserError('prompt.template', `could not compile the template: ${e instanceof Error ? e.message : String(e)}`, { file: prompt.path }, 'fix the {{> name}} the message names');
  }
  const renderTemplate: PromptFunction = await dotprompt().compile({ template });
  const required = requiredVariables(prompt);
  const defaults = Object.entries(prompt.inputDefaults);
  const resolveMedia = createMediaResolver({
    baseDir: options.mediaBaseDir ?? path.dirname(prompt.path),
    allowRemote: prompt.refinery.allowRemoteMedia || options.allowRemoteMedia === true,
    promptFile: prompt.path,
  });
  return {
    prompt,
    async render(vars: Record<string, unknown>, extras: RenderExtras = {}): Promise<ChatMessage[]> {
      const missing = required.filter((name) => vars[name] === undefined || !Object.hasOwn(vars, name));
      if (missing.length > 0) throw missingVariablesError(prompt.path, missing);
      const context = mergeContext(prompt.refinery.context, extras.context ?? {});
      const missingContext = prompt.contextNames.filter((name) => context[name] === undefined);
      if (missingContext.length > 0) throw missingContextError(prompt.path, missingContext);
      const input: Record<string, unknown> = { ...vars };
      for (const [name, value] of defaults) if (input[name] === undefined) input[name] = value;
      let messages: Message[];
      try {
        ({ messages } = await renderTemplate({ input, context, ...(extras.history && { messages: extras.history }) }));
      } catch (e) {
        throw new UserError('prompt.template', `could not render the template: ${e instanceof Error ? e.message : String(e)}`, { file: prompt.path }, 'fix the template tag the message names');
      }
      return toChatMessages(messages, prompt.path, resolveMedia);
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The row's context over the frontmatter's: objects merge field by field, anything else replaces. */
function mergeContext(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isPlainObject(below) && isPlainObject(value) ? mergeContext(below, value) : value;
  }
  return merged;
}

export function missingVariablesError(file: string, missing: string[]): UserError {
  const first = missing[0] ?? '';
  return new UserError(
    'prompt.missing-variables',
    `missing variable(s) ${missing.join(', ')}`,
    { file },
    `add a dataset column named ${first}, give it a value under input.default, or mark it optional in input.schema (${first}?: string)`,
  );
}

export function missingContextError(file: string, missing: string[]): UserError {
  const first = missing[0] ?? '';
  return new UserError(
    'prompt.missing-variables',
    `missing context ${missing.map((name) => `@${name}`).join(', ')}`,
    { file },
    `add a dataset column named @${first} (or @${first}.field), or give it a value under refinery.context (e.g. "refinery.context: { ${first}: null }" to render it empty)`,
  );
}

/**
 * dotprompt messages → provider chat messages, text exactly as rendered. A message with only
 * text is sent as one string (its text parts joined); one with an image as parts. The one thing
 * dropped: a message with no text and no image at all (only `{{section}}` markers), which has
 * nothing to send.
 */
export async function toChatMessages(messages: Message[], file: string, resolveMedia: MediaResolver): Promise<ChatMessage[]> {
  const chat: ChatMessage[] = [];
  for (const message of messages) {
    const role = Object.hasOwn(ROLE_NAMES, message.role) ? ROLE_NAMES[message.role] : undefined;
    if (!role) {
      throw new UserError('prompt.template', `unsupported message role "${message.role}"`, { file }, `use one of the roles ${Object.keys(ROLE_NAMES).join(', ')}`);
    }
    const parts: ChatContentPart[] = [];
    let hasImage = false;
    for (const part of message.content) {
      if (part.text !== undefined) {
        const last = parts[parts.length - 1];
        if (last?.type === 'text') last.text += part.text;
        else parts.push({ type: 'text', text: part.text });
      } else if (part.media) {
        if (role !== 'user') {
          throw new UserError('prompt.media', `the ${role} message has an image; images can only be sent in user messages`, { file }, 'move the {{media}} after {{role "user"}}');
        }
        parts.push({ type: 'image_url', image_url: { url: await resolveMedia(part.media.url, part.media.contentType) } });
        hasImage = true;
      } else if (part.metadata?.pending === true) {
        continue; // a {{section}} placeholder: no content of its own
      } else {
        throw new UserError('prompt.template', `the ${role} message has a ${nonTextKind(part)} part; Refinery sends text and images only`, { file }, 'remove the value that produced the part');
      }
    }
    if (parts.length === 0) continue;
    if (role === 'user' && hasImage) chat.push({ role, content: parts });
    else chat.push({ role, content: parts.map((part) => (part.type === 'text' ? part.text : '')).join('') });
  }
  if (chat.length === 0) {
    throw new UserError('prompt.template', 'the prompt rendered to no messages', { file }, 'check the {{#if}} blocks and the values of this row');
  }
  return chat;
}

function nonTextKind(part: Message['content'][number]): string {
  if (part.data) return 'data';
  if (part.toolRequest) return 'tool request';
  if (part.toolResponse) return 'tool response';
  return 'non-text';
}
