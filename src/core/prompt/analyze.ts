import { parseFrontmatterYaml } from './frontmatter-yaml';
import { applyPartials, type PartialLookup } from './partial-analysis';
import type { PromptProblem, SourceSpan } from './problems';
import { emptyBodyProblem, emptyFileProblem, splitFrontmatter } from './split-frontmatter';
import { analyzeTemplate, emptyTemplateAnalysis, type PartialCall, type TemplateAnalysis } from './template-analysis';
import type { PromptFile } from './types';
import { emptyFrontmatter, validateFrontmatter, type Frontmatter } from './validate-frontmatter';

/** Everything known about a `.prompt` file, and everything wrong with it in file order. */
export interface PromptAnalysis {
  prompt: PromptFile;
  frontmatter: Frontmatter;
  /** Where each top-level variable is used (a partial's, at the `{{> name}}` that brings it in). */
  variableUses: Map<string, SourceSpan[]>;
  /** Where each context name (`{{@state…}}` → `state`) is used. */
  contextUses: Map<string, SourceSpan[]>;
  /** Where `{{history}}` is used. */
  historyUses: SourceSpan[];
  /** The `{{> name}}` of the template itself (not of its partials). */
  partialCalls: PartialCall[];
  problems: PromptProblem[];
}

export interface AnalyzeOptions {
  /**
   * The partials' texts. Without it, `{{> name}}` is not looked into (nor reported missing): the
   * first look at a file, to learn which partials to read.
   */
  partials?: PartialLookup;
}

/** Never throws: parsePrompt turns the first error into a UserError, lintPrompt shows them all. */
export function analyzePrompt(source: string, file: string, options: AnalyzeOptions = {}): PromptAnalysis {
  const problems: PromptProblem[] = [];
  let frontmatter = emptyFrontmatter();
  const split = splitFrontmatter(source);
  if (split.problem) problems.push(split.problem);

  if (split.frontmatter !== undefined) {
    const yaml = parseFrontmatterYaml(split.frontmatter, split.frontmatterFirstLine);
    problems.push(...yaml.problems);
    if (!yaml.problems.some((p) => p.severity === 'error')) {
      const validated = validateFrontmatter(yaml);
      frontmatter = validated.frontmatter;
      problems.push(...validated.problems);
    }
  }

  // dotprompt trims the body after a frontmatter, and keeps a file without one as it is
  const template = split.frontmatter === undefined ? split.body : split.body.trim();
  let analysis: TemplateAnalysis = emptyTemplateAnalysis();
  let partials: Record<string, string> = {};
  if (template.trim() === '') {
    if (!split.problem) problems.push(source.trim() === '' ? emptyFileProblem() : emptyBodyProblem(Math.max(1, split.bodyFirstLine - 1)));
  } else {
    analysis = analyzeTemplate(split.body, split.bodyFirstLine);
    if (options.partials) ({ analysis, used: partials } = applyPartials(analysis, options.partials));
    problems.push(...analysis.problems);
  }

  const { model, config, inputDefaults, optionalInputs, outputSchema, outputFormat, refinery } = frontmatter;
  const prompt: PromptFile = {
    path: file,
    source,
    ...(model !== undefined && { model }),
    models: refinery.models.length > 0 ? [...refinery.models] : model !== undefined ? [model] : [],
    config,
    inputDefaults,
    optionalInputs,
    ...(outputSchema !== undefined && { outputSchema }),
    ...(outputFormat !== undefined && { outputFormat }),
    refinery,
    variables: [...analysis.variables.keys()].sort(),
    contextNames: [...analysis.contextUses.keys()].sort(),
    usesHistory: analysis.historyUses.length > 0,
    usesMedia: analysis.mediaUses.length > 0,
    template,
    partials,
  };
  problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return {
    prompt,
    frontmatter,
    variableUses: analysis.variables,
    contextUses: analysis.contextUses,
    historyUses: analysis.historyUses,
    partialCalls: analysis.partials,
    problems,
  };
}
