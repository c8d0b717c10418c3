import type { ChatMessage } from '../chat';
import { graderVariables } from '../grading';
import { rowData, type CompiledPrompt, type RowData } from '../prompt';

/** A dataset row rendered as Dotprompt renders `{input, messages, context}` (see `core/prompt/row-data`). */
export function renderRow(compiled: CompiledPrompt, row: Readonly<Record<string, unknown>>): Promise<ChatMessage[]> {
  const data = rowData(row);
  return compiled.render(data.input, { ...(data.history && { history: data.history }), context: data.context });
}

/**
 * A grader sees the row's variables (the conversation as the `messages` list, not inserted as
 * its own history: the judge is not a party to it), `{{output}}`, `{{expected}}`, and the row's
 * context.
 */
export function renderGraderRow(compiled: CompiledPrompt, data: RowData, output: string): Promise<ChatMessage[]> {
  return compiled.render(graderVariables(data.input, output), { context: data.context });
}
