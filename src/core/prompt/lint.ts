import { analyzePrompt, type PromptAnalysis } from './analyze';
import { pointSpan, toDiagnostic, type PromptProblem } from './problems';
import type { LintContext, PromptDiagnostic } from './types';
import { imageInputOf, imageModels } from '../providers/image-input';
import { HISTORY_COLUMN } from './row-data';
import { missingContext, requiredVariables } from './variables';

/** Variables a grader receives from the run itself rather than from the dataset. */
const GRADER_VARIABLES = ['output', 'expected'];
/** What a pairwise judge receives besides the row: the two outputs and the expected answer. */
export const PAIRWISE_VARIABLES = ['output_a', 'output_b', 'expected'];

/** Every problem of a `.prompt` file, for the editor. Never throws. */
export function lintPrompt(source: string, file: string, context: LintContext = {}): PromptDiagnostic[] {
  let analysis: PromptAnalysis;
  try {
    analysis = analyzePrompt(source, file);
  } catch (e) {
    return [internalProblem(e)].map(toDiagnostic);
  }
  return lintAnalysis(analysis, context);
}

/** `lintPrompt` for a caller that already analyzed the file (the editor reads the dataset path first). Never throws. */
export function lintAnalysis(analysis: PromptAnalysis, context: LintContext = {}): PromptDiagnostic[] {
  let problems: PromptProblem[];
  try {
    problems = [
      ...analysis.problems,
      ...unknownProviders(analysis, context),
      ...unservedModels(analysis, context),
      ...unpricedModels(analysis, context),
      ...unfilledVariables(analysis, context),
      ...unfilledContext(analysis, context),
      ...historyWithoutConversation(analysis, context),
      ...modelsWithoutImages(analysis),
    ];
  } catch (e) {
    problems = [internalProblem(e)];
  }
  problems.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return problems.map(toDiagnostic);
}

function internalProblem(e: unknown): PromptProblem {
  return {
    severity: 'error',
    errorCode: 'prompt.template',
    rule: 'prompt.template',
    message: `could not check this prompt: ${e instanceof Error ? e.message : String(e)}`,
    fix: 'report this as a Refinery bug with the file attached',
    span: pointSpan(1, 1),
  };
}

function unknownProviders({ frontmatter }: PromptAnalysis, { knownProviders }: LintContext): PromptProblem[] {
  if (!knownProviders) return [];
  return frontmatter.modelRefs.flatMap(({ id, span }) => {
    const provider = id.slice(0, id.indexOf('/'));
    if (knownProviders.includes(provider)) return [];
    return [
      {
        severity: 'error' as const,
        errorCode: 'prompt.unknown-model' as const,
        rule: 'prompt.unknown-model' as const,
        message: `unknown provider '${provider}' in '${id}'; known providers: ${knownProviders.join(', ') || 'none'}`,
        fix: `use one of the known providers, or declare an OpenAI-compatible endpoint named '${provider}' in the settings`,
        span,
      },
    ];
  });
}

const SHOWN_SERVED_MODELS = 12;

/** A model its provider's list (read with the user's key) does not have: retired, or a typo. */
function isUnserved(id: string, servedModels: LintContext['servedModels']): readonly string[] | undefined {
  const slash = id.indexOf('/');
  const served = servedModels?.(id.slice(0, slash));
  return served && !served.includes(id.slice(slash + 1)) ? served : undefined;
}

function unservedModels({ frontmatter }: PromptAnalysis, { servedModels }: LintContext): PromptProblem[] {
  return frontmatter.modelRefs.flatMap(({ id, span }) => {
    const served = isUnserved(id, servedModels);
    if (!served) return [];
    const provider = id.slice(0, id.indexOf('/'));
    const shown = served.slice(0, SHOWN_SERVED_MODELS).join(', ');
    const more = served.length > SHOWN_SERVED_MODELS ? ` … and ${served.length - SHOWN_SERVED_MODELS} more` : '';
    return [
      {
        severity: 'warning' as const,
        errorCode: 'prompt.unknown-model' as const,
        rule: 'prompt.unserved-model' as const,
        message: `'${id}' is not served by ${provider} today; current models: ${served.length > 0 ? `${shown}${more}` : 'none'}`,
        fix: `use one of them (Run Against Dataset… offers them with their prices; \`refinery models --provider ${provider}\` lists them too): a run with this model would stop before its first call`,
        span,
      },
    ];
  });
}

function unpricedModels({ frontmatter }: PromptAnalysis, { knownProviders, isPricedModel, servedModels }: LintContext): PromptProblem[] {
  if (!isPricedModel) return [];
  return frontmatter.modelRefs.flatMap(({ id, span }) => {
    const provider = id.slice(0, id.indexOf('/'));
    if ((knownProviders && !knownProviders.includes(provider)) || isPricedModel(id) || isUnserved(id, servedModels)) return [];
    return [
      {
        severity: 'info' as const,
        errorCode: 'prompt.unknown-model' as const,
        rule: 'prompt.unpriced-model' as const,
        message: `no price is known for '${id}': check the model id; if it is right, its cost will show as unknown`,
        fix: 'use a model from the price table, or add a price for it in the price overrides',
        span,
      },
    ];
  });
}

function unfilledVariables({ prompt, variableUses }: PromptAnalysis, { datasetColumns }: LintContext): PromptProblem[] {
  if (!datasetColumns) return [];
  const fromRun = prompt.refinery.kind === 'grader' ? GRADER_VARIABLES : prompt.refinery.kind === 'pairwise' ? PAIRWISE_VARIABLES : [];
  const unfilled = requiredVariables(prompt).filter((name) => !datasetColumns.includes(name) && !fromRun.includes(name));
  return unfilled.flatMap((name) =>
    (variableUses.get(name) ?? []).map((span) => ({
      severity: 'error' as const,
      errorCode: 'prompt.missing-variables' as const,
      rule: 'prompt.unfilled-variable' as const,
      message: `no dataset column fills {{${name}}}; columns: ${datasetColumns.join(', ') || 'none'}`,
      fix: `add a '${name}' column to the dataset, give it a value under input.default, or mark it optional in input.schema (${name}?: string)`,
      span,
    })),
  );
}

function unfilledContext({ prompt, contextUses }: PromptAnalysis, { datasetColumns }: LintContext): PromptProblem[] {
  if (!datasetColumns) return [];
  return missingContext(prompt, datasetColumns).flatMap((name) =>
    (contextUses.get(name) ?? []).map((span) => ({
      severity: 'error' as const,
      errorCode: 'prompt.missing-variables' as const,
      rule: 'prompt.unfilled-context' as const,
      message: `nothing fills {{@${name}}}: no dataset column @${name} (or @${name}.field), and refinery.context has no ${name}`,
      fix: `add a column @${name} to the dataset, or give it a value under refinery.context ("refinery.context: { ${name}: null }" renders it empty)`,
      span,
    })),
  );
}

function historyWithoutConversation({ historyUses }: PromptAnalysis, { datasetColumns }: LintContext): PromptProblem[] {
  if (!datasetColumns || datasetColumns.includes(HISTORY_COLUMN)) return [];
  return historyUses.map((span) => ({
    severity: 'warning' as const,
    errorCode: 'prompt.history' as const,
    rule: 'prompt.history' as const,
    message: `{{history}} inserts the conversation of each row's ${HISTORY_COLUMN} column; the dataset has no such column, so no earlier messages are sent`,
    fix: `add a ${HISTORY_COLUMN} column holding each row's conversation as a JSON list of {"role", "content"}`,
    span,
  }));
}

function modelsWithoutImages({ prompt, frontmatter }: PromptAnalysis): PromptProblem[] {
  if (!prompt.usesMedia) return [];
  return frontmatter.modelRefs.flatMap(({ id, span }) =>
    imageInputOf(id) !== 'no'
      ? []
      : [
          {
            severity: 'error' as const,
            errorCode: 'prompt.media' as const,
            rule: 'prompt.media' as const,
            message: `${id} does not take images, and this prompt sends them with {{media}}`,
            fix: `use a model that takes images (${imageModels().join(', ')}, or an OpenAI-compatible endpoint serving one)`,
            span,
          },
        ],
  );
}
