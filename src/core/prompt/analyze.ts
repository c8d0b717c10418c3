import { parseFrontmatterYaml } from './frontmatter-yaml';
import type { PromptProblem, SourceSpan } from './problems';
import { emptyBodyProblem, emptyFileProblem, splitFrontmatter } from './split-frontmatter';
import { analyzeTemplate } from './template-analysis';
import type { PromptFile } from './types';
import { emptyFrontmatter, validateFrontmatter, type Frontmatter } from './validate-frontmatter';

/** Everything known about a `.prompt` file, and everything wrong with it in file order. */
export interface PromptAnalysis {
  prompt: PromptFile;
  frontmatter: Frontmatter;
  /** Where each top-level variable is used. */
  variableUses: Map<string, SourceSpan[]>;
  problems: PromptProblem[];
}

/** Never throws: parsePrompt turns the first error into a UserError, lintPrompt shows them all. */
export function analyzePrompt(source: string, file: string): PromptAnalysis {
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

  const template = split.body.trim();
  let variableUses = new Map<string, SourceSpan[]>();
  if (template === '') {
    if (!split.problem) problems.push(source.trim() === '' ? emptyFileProblem() : emptyBodyProblem(Math.max(1, split.bodyFirstLine - 1)));
  } else {
    const analysis = analyzeTemplate(split.body, split.bodyFirstLine);
    variableUses = analysis.variables;
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
    variables: [...variableUses.keys()].sort(),
    template,
  };
  problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { prompt, frontmatter, variableUses, problems };
}
