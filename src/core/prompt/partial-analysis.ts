import type { PromptProblem, SourceSpan } from './problems';
import { analyzeTemplate, type PartialCall, type TemplateAnalysis } from './template-analysis';

/** The partials a prompt can use: their texts by name, and where the missing ones were looked for. */
export interface PartialLookup {
  texts: Record<string, string>;
  /** Name → the files looked for, for the message of a partial that is not in `texts`. */
  searched?: Record<string, string[]>;
}

export interface PartialsApplied {
  /** The template's analysis with what its partials read added, at the `{{> name}}` that brings each in. */
  analysis: TemplateAnalysis;
  /** The text of each partial the template reaches, by name. */
  used: Record<string, string>;
}

/** `header` → `_header.prompt`, `common/header` → `common/_header.prompt`. */
export function partialFileName(name: string): string {
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash + 1)}_${name.slice(slash + 1)}.prompt`;
}

function addUse(uses: Map<string, SourceSpan[]>, name: string, span: SourceSpan): void {
  const spans = uses.get(name);
  if (spans) spans.push(span);
  else uses.set(name, [span]);
}

function copyUses(uses: Map<string, SourceSpan[]>): Map<string, SourceSpan[]> {
  return new Map([...uses].map(([name, spans]) => [name, [...spans]]));
}

/**
 * Adds to a template's analysis what its partials read: variables (when a partial reads the
 * caller's top-level values), context names, `{{history}}` and `{{media}}`, and the problems
 * found in them, each at the `{{> name}}` of the template that brings the partial in.
 */
export function applyPartials(template: TemplateAnalysis, lookup: PartialLookup): PartialsApplied {
  const analysis: TemplateAnalysis = {
    variables: copyUses(template.variables),
    rootVariables: copyUses(template.rootVariables),
    contextUses: copyUses(template.contextUses),
    partials: template.partials,
    historyUses: [...template.historyUses],
    mediaUses: [...template.mediaUses],
    problems: [...template.problems],
  };
  const used: Record<string, string> = {};
  const analyses = new Map<string, TemplateAnalysis>();

  const problem = (at: SourceSpan, message: string, fix: string, severity: PromptProblem['severity'] = 'error', rule: PromptProblem['rule'] = 'prompt.partial'): void => {
    analysis.problems.push({ severity, errorCode: 'prompt.template', rule, message, fix, span: at });
  };

  const visit = (call: PartialCall, at: SourceSpan, chain: readonly string[], readsRoot: boolean, hashKeys: ReadonlySet<string>): void => {
    const { name } = call;
    const via = chain.length > 0 ? `partial '${chain[chain.length - 1]}' uses {{> ${name}}}: ` : '';
    if (chain.includes(name)) {
      problem(at, `${via}partials include each other in a loop (${[...chain, name].join(' → ')})`, 'remove one of the {{> name}} that close the loop');
      return;
    }
    if (!Object.hasOwn(lookup.texts, name)) {
      const searched = lookup.searched?.[name];
      if (searched?.length === 0) {
        problem(at, `${via}'${name}' cannot name a partial: a partial name is a path relative to the prompt's folder`, "write the name without '..', a leading '/' or '\\', e.g. {{> common/header}}");
        return;
      }
      const where = searched ? `; looked for ${searched.join(', ')}` : '';
      problem(at, `${via}no partial '${name}'${where}`, `create ${partialFileName(name)} beside the prompt, or list the folder that holds it in refinery.partials`);
      return;
    }
    const text = lookup.texts[name] ?? '';
    used[name] = text;
    let inner = analyses.get(name);
    if (!inner) {
      inner = analyzeTemplate(text, 1);
      analyses.set(name, inner);
    }
    for (const p of inner.problems) {
      problem(at, `in partial '${name}' (${partialFileName(name)} line ${p.span.line}): ${p.message}`, p.fix, p.severity, p.rule);
    }
    if (readsRoot) for (const variable of inner.variables.keys()) if (!hashKeys.has(variable)) addUse(analysis.variables, variable, at);
    for (const variable of inner.rootVariables.keys()) {
      addUse(analysis.variables, variable, at);
      addUse(analysis.rootVariables, variable, at);
    }
    for (const context of inner.contextUses.keys()) addUse(analysis.contextUses, context, at);
    if (inner.historyUses.length > 0) analysis.historyUses.push(at);
    if (inner.mediaUses.length > 0) analysis.mediaUses.push(at);
    for (const next of inner.partials) {
      visit(next, at, [...chain, name], readsRoot && next.readsRoot, new Set([...hashKeys, ...next.hashKeys]));
    }
  };

  for (const call of template.partials) visit(call, call.span, [], call.readsRoot, new Set(call.hashKeys));
  return { analysis, used };
}
