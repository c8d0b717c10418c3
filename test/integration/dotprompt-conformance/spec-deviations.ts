/**
 * Where Refinery knowingly differs from Google's Dotprompt spec suite: each entry names the spec
 * cases it covers, the clear error Refinery gives for them (before any request), and why. Every
 * other case of the suite must send exactly what the spec expects. The first matching entry wins.
 */
export interface SpecDeviation {
  cases: RegExp;
  error: RegExp;
  why: string;
  /** What Refinery's conversion of the case's `output.schema` gives (default: equal to the spec's). */
  schema?: 'refused';
}

export const SPEC_DEVIATIONS: readonly SpecDeviation[] = [
  {
    cases: /^picoschema\.yaml › (named_schema_override_description|nested_named_schema):/,
    error: /unknown type 'Foo'/,
    why: 'named schemas need a schema registry (Genkit defineSchema); Refinery has none, so a named type is refused at its line',
    schema: 'refused',
  },
  {
    cases: /^picoschema\.yaml › /,
    error: /the prompt has no template after the frontmatter/,
    why: 'a prompt with no template would send nothing: refused (these spec cases only parse a frontmatter; their output.schema is compared with Refinery\'s conversion instead)',
  },
  {
    cases: /^metadata\.yaml › ext:/,
    error: /model must be a model id of the form provider\/model, got "cool-model"/,
    why: 'a model id must be provider/model (the case also has no template and temperature 3, both refused too)',
  },
  {
    cases: /^metadata\.yaml › raw:/,
    error: /config\.temperature must be a number from 0 to 2, got 3/,
    why: 'config is validated: a temperature outside 0–2 is refused at its line (the providers reject it)',
  },
  {
    cases: /^metadata\.yaml › metadata_context_variables: handles missing context variables gracefully$/,
    error: /nothing fills \{\{@user\}\}/,
    why: 'an @ variable that nothing fills is an error, like any missing variable (refinery.context: { user: null } renders it empty as Dotprompt does)',
  },
];

export function deviationFor(caseId: string): SpecDeviation | undefined {
  return SPEC_DEVIATIONS.find((deviation) => deviation.cases.test(caseId));
}
