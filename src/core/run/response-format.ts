import path from 'node:path';
import type { PromptFile } from '../prompt';
import type { CompletionRequest } from '../providers/types';

/** Providers take schema names of letters, digits, `_` and `-`, at most 64 characters. */
function schemaName(promptPath: string): string {
  const name = path.basename(promptPath, '.prompt').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64);
  return name === '' ? 'output' : name;
}

/**
 * The structured output a prompt asks for: its `output.schema` as a JSON schema, or any JSON
 * object for `output.format: json`. Models that cannot do it get the next weaker form (see
 * `withStructuredOutputFallback`).
 */
export function responseFormatFor(prompt: PromptFile): CompletionRequest['responseFormat'] {
  if (prompt.outputSchema) return { type: 'json_schema', name: schemaName(prompt.path), schema: prompt.outputSchema };
  if (prompt.outputFormat === 'json') return { type: 'json_object' };
  return undefined;
}
