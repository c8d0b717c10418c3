import { dirname, isAbsolute, resolve } from 'node:path';
import { findPrice, type PriceTable } from '../../core/cost';
import { analyzePrompt, lintAnalysis, lintPrompt, type PromptAnalysis, type PromptDiagnostic } from '../../core/prompt';
import type { DatasetColumnsReader } from './dataset-columns';
import { frontmatterValueSpan } from './frontmatter-location';

export interface LintEnvironment {
  /** Ids of the declared OpenAI-compatible endpoints (model prefixes besides groq, cerebras, sim). */
  endpointIds: readonly string[];
  prices: PriceTable;
  readColumns: DatasetColumnsReader;
}

const BUILT_IN_PROVIDERS = ['groq', 'cerebras', 'sim'];
/** Providers whose model list the price table knows; endpoint models (local servers) are not checked. */
const PRICED_PROVIDERS = new Set(['groq', 'cerebras']);

/**
 * Every diagnostic of a `.prompt` file as the editor shows it: the core linter's, with the
 * columns of the dataset named in `refinery.dataset` (relative to the prompt file) when that
 * file exists. `filePath` undefined (an untitled editor): no dataset check.
 */
export async function lintPromptSource(source: string, filePath: string | undefined, environment: LintEnvironment): Promise<PromptDiagnostic[]> {
  const file = filePath ?? 'untitled.prompt';
  let analysis: PromptAnalysis;
  try {
    analysis = analyzePrompt(source, file);
  } catch {
    return lintPrompt(source, file); // reports why the file could not be checked
  }
  const datasetRef = analysis.prompt.refinery.dataset;
  const datasetProblems: PromptDiagnostic[] = [];
  let datasetColumns: string[] | undefined;
  if (datasetRef !== undefined && filePath !== undefined) {
    const datasetPath = isAbsolute(datasetRef) ? datasetRef : resolve(dirname(filePath), datasetRef);
    const read = await environment.readColumns(datasetPath);
    const span = frontmatterValueSpan(source, 'refinery.dataset') ?? { line: 1, column: 1, endLine: 1, endColumn: 4 };
    if (read.kind === 'columns') datasetColumns = read.columns;
    else if (read.kind === 'missing') {
      datasetProblems.push({
        severity: 'warning',
        code: 'prompt.dataset-not-found',
        message: `the dataset ${datasetRef} does not exist (looked for ${datasetPath}); variables are not checked against its columns\nfix: paths in the frontmatter are relative to the prompt file: correct the path, or create the file`,
        ...span,
      });
    } else {
      const where = read.line === undefined ? '' : ` (line ${read.line})`;
      const message = `the dataset ${datasetRef} cannot be read: ${read.message}${where}${read.fix ? `\nfix: ${read.fix}` : ''}`;
      datasetProblems.push({ severity: 'warning', code: 'prompt.dataset-unreadable', message, ...span });
    }
  }
  const knownProviders = [...BUILT_IN_PROVIDERS, ...environment.endpointIds];
  const isPricedModel = (modelId: string): boolean =>
    !PRICED_PROVIDERS.has(modelId.slice(0, modelId.indexOf('/'))) || findPrice(environment.prices, modelId) !== undefined;
  const diagnostics = lintAnalysis(analysis, { knownProviders, datasetColumns, isPricedModel });
  return [...diagnostics, ...datasetProblems].sort((a, b) => a.line - b.line || a.column - b.column);
}
