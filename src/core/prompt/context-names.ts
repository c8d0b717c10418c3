/**
 * `@` names that are not context: Handlebars' own data variables and dotprompt's `@metadata`.
 * Every other `{{@name…}}` reads the render context (`@state`, `@auth`, …), which Refinery fills
 * from the dataset's `@` columns or `refinery.context`.
 */
const DATA_VARIABLES = new Set(['root', 'index', 'key', 'first', 'last', 'level', 'partial-block', 'metadata']);

export function isReservedContextName(name: string): boolean {
  return DATA_VARIABLES.has(name);
}
