import { contextNamesOfColumns } from './row-data';
import type { PromptFile } from './types';

/** Variables the template needs that neither `input.default` nor an optional `input.schema` field covers. */
export function requiredVariables(prompt: PromptFile): string[] {
  return prompt.variables.filter((name) => !Object.hasOwn(prompt.inputDefaults, name) && !prompt.optionalInputs.includes(name));
}

/** Required variables absent from `provided` (sorted). */
export function missingVariables(prompt: PromptFile, provided: Iterable<string>): string[] {
  const have = new Set(provided);
  return requiredVariables(prompt).filter((name) => !have.has(name));
}

/** Context names the template reads (`{{@state…}}`) that neither `refinery.context` nor a `@name` column of `columns` fills (sorted). */
export function missingContext(prompt: PromptFile, columns: readonly string[]): string[] {
  const filled = new Set([...Object.keys(prompt.refinery.context), ...contextNamesOfColumns(columns)]);
  return prompt.contextNames.filter((name) => !filled.has(name));
}
