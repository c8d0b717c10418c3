import { Dotprompt, type Message, type PromptFunction } from 'dotprompt';
import type { ChatMessage } from '../chat';
import { UserError } from '../errors';
import { ROLE_NAMES } from './template-analysis';
import type { CompiledPrompt, PromptFile } from './types';
import { requiredVariables } from './variables';

let sharedDotprompt: Dotprompt | undefined;

function dotprompt(): Dotprompt {
  sharedDotprompt ??= new Dotprompt();
  return sharedDotprompt;
}

/**
 * Compiles the template once; `render` is then the per-cell hot path. Only the template goes to
 * dotprompt: the metadata is already validated, and dotprompt would re-resolve it (Picoschema
 * included) on every render.
 */
export async function compilePrompt(prompt: PromptFile): Promise<CompiledPrompt> {
  const renderTemplate: PromptFunction = await dotprompt().compile({ template: prompt.template });
  const required = requiredVariables(prompt);
  const defaults = Object.entries(prompt.inputDefaults);
  return {
    prompt,
    async render(vars: Record<string, unknown>): Promise<ChatMessage[]> {
      const missing = required.filter((name) => vars[name] === undefined || !Object.hasOwn(vars, name));
      if (missing.length > 0) throw missingVariablesError(prompt.path, missing);
      const input: Record<string, unknown> = { ...vars };
      for (const [name, value] of defaults) if (input[name] === undefined) input[name] = value;
      let messages: Message[];
      try {
        ({ messages } = await renderTemplate({ input }));
      } catch (e) {
        throw new UserError('prompt.template', `could not render the template: ${e instanceof Error ? e.message : String(e)}`, { file: prompt.path }, 'fix the template tag the message names');
      }
      return toChatMessages(messages, prompt.path);
    },
  };
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

/** dotprompt messages → provider chat messages: text parts joined and trimmed, empty messages dropped. */
export function toChatMessages(messages: Message[], file: string): ChatMessage[] {
  const chat: ChatMessage[] = [];
  for (const message of messages) {
    const role = Object.hasOwn(ROLE_NAMES, message.role) ? ROLE_NAMES[message.role] : undefined;
    if (!role) {
      throw new UserError('prompt.template', `unsupported message role "${message.role}"`, { file }, `use one of the roles ${Object.keys(ROLE_NAMES).join(', ')}`);
    }
    let content = '';
    for (const part of message.content) {
      if (part.text !== undefined) content += part.text;
      else if (part.metadata?.pending === true) continue; // a {{section}} placeholder: no content of its own
      else throw new UserError('prompt.template', `the ${role} message has a ${nonTextKind(part)} part; Refinery sends text only`, { file }, 'remove the {{media}} tag or the value that produced the part');
    }
    content = content.trim();
    if (content !== '') chat.push({ role, content });
  }
  if (chat.length === 0) {
    throw new UserError('prompt.template', 'the prompt rendered to no text', { file }, 'check the {{#if}} blocks and the values of this row');
  }
  return chat;
}

function nonTextKind(part: Message['content'][number]): string {
  if (part.media) return 'media';
  if (part.data) return 'data';
  if (part.toolRequest) return 'tool request';
  if (part.toolResponse) return 'tool response';
  return 'non-text';
}

