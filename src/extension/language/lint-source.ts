import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { findPrice, type PriceTable } from '../../core/cost';
import { analyzePrompt, analyzeWithPartials, lintAnalysis, lintPrompt, readTextIfExists, type PromptAnalysis, type PromptDiagnostic, type ReadText } from '../../core/prompt';
import type { DatasetColumnsReader } from './dataset-columns';
import { frontmatterTextSpan, frontmatterValueSpan } from './frontmatter-location';
import type { SourceSpanLike } from './lint-source-types';

export interface LintEnvironment {
  /** Ids of the declared OpenAI-compatible endpoints (model prefixes besides groq, cerebras, sim). */
  endpointIds: readonly string[];
  prices: PriceTable;
  readColumns: DatasetColumnsReader;
  /** Default: a file exists at that path. */
  fileExists?: (path: string) => Promise<boolean>;
  /** Reads a partial (the editor's unsaved text first); default: the file on disk. */
  readText?: ReadText;
  /** What a provider serves today, when its list can be read (a key is set); never rejects. Absent: models are not checked. */
  servedModels?: (providerId: string) => Promise<readonly string[] | undefined>;
}

const BUILT_IN_PROVIDERS = ['groq', 'cerebras', 'sim'];
/** Providers whose model list the price table knows; endpoint models (local servers) are not checked. */
const PRICED_PROVIDERS = new Set(['groq', 'cerebras']);

/**
 * Every diagnostic of a `.prompt` file as the editor shows it: the core linter's, with its
 * partials read (a missing one is an error at its `{{> name}}`), the columns of the dataset named
 * in `refinery.dataset` (relative to the prompt file) when that file exists, and a warning for
 * each dataset or grader file that is missing.
 * `filePath` undefined (an untitled editor): no file is looked for.
 */
export async function lintPromptSource(source: string, filePath: string | undefined, environment: LintEnvironment): Promise<PromptDiagnostic[]> {
  const file = filePath ?? 'untitled.prompt';
  let analysis: PromptAnalysis;
  try {
    // partials are looked for beside the file: an untitled editor has none to look in
    analysis = filePath === undefined ? analyzePrompt(source, file) : await analyzeWithPartials(source, filePath, environment.readText ?? readTextIfExists);
  } catch {
    return lintPrompt(source, file); // reports why the file could not be checked
  }
  const fileProblems: PromptDiagnostic[] = [];
  let datasetColumns: string[] | undefined;
  if (filePath !== undefined) {
    const dataset = await checkDataset(source, filePath, analysis.prompt.refinery.dataset, environment);
    datasetColumns = dataset.columns;
    fileProblems.push(...dataset.problems);
    fileProblems.push(...(await checkGraders(source, filePath, analysis.prompt.refinery.graders, environment.fileExists ?? isFile)));
  }
  const knownProviders = [...BUILT_IN_PROVIDERS, ...environment.endpointIds];
  const isPricedModel = (modelId: string): boolean =>
    !PRICED_PROVIDERS.has(modelId.slice(0, modelId.indexOf('/'))) || findPrice(environment.prices, modelId) !== undefined;
  const served = await servedByProvider(analysis, environment);
  const diagnostics = lintAnalysis(analysis, { knownProviders, datasetColumns, isPricedModel, servedModels: (providerId) => served.get(providerId) });
  return [...diagnostics, ...fileProblems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The served models of every provider the frontmatter names, read once per check. */
async function servedByProvider(analysis: PromptAnalysis, environment: LintEnvironment): Promise<Map<string, readonly string[] | undefined>> {
  const providers = [...new Set(analysis.frontmatter.modelRefs.map(({ id }) => id.slice(0, id.indexOf('/'))))];
  const lookup = environment.servedModels;
  if (!lookup) return new Map();
  return new Map(await Promise.all(providers.map(async (providerId) => [providerId, await lookup(providerId)] as const)));
}

const FIRST_LINE: SourceSpanLike = { line: 1, column: 1, endLine: 1, endColumn: 4 };

/** Paths in the frontmatter are relative to the prompt file. */
const resolveFromPrompt = (promptFile: string, ref: string): string => (isAbsolute(ref) ? ref : resolve(dirname(promptFile), ref));

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function checkDataset(
  source: string,
  promptFile: string,
  datasetRef: string | undefined,
  environment: LintEnvironment,
): Promise<{ columns?: string[]; problems: PromptDiagnostic[] }> {
  if (datasetRef === undefined) return { problems: [] };
  const datasetPath = resolveFromPrompt(promptFile, datasetRef);
  const read = await environment.readColumns(datasetPath);
  if (read.kind === 'columns') return { columns: read.columns, problems: [] };
  const span = frontmatterValueSpan(source, 'refinery.dataset') ?? FIRST_LINE;
  if (read.kind === 'missing') {
    const message = `the dataset ${datasetRef} does not exist (looked for ${datasetPath}); variables are not checked against its columns\nfix: paths in the frontmatter are relative to the prompt file: correct the path, or create the file`;
    return { problems: [{ severity: 'warning', code: 'prompt.dataset-not-found', message, ...span }] };
  }
  const where = read.line === undefined ? '' : ` (line ${read.line})`;
  const message = `the dataset ${datasetRef} cannot be read: ${read.message}${where}${read.fix ? `\nfix: ${read.fix}` : ''}`;
  return { problems: [{ severity: 'warning', code: 'prompt.dataset-unreadable', message, ...span }] };
}

async function checkGraders(source: string, promptFile: string, graders: readonly string[], fileExists: (path: string) => Promise<boolean>): Promise<PromptDiagnostic[]> {
  const missing = await Promise.all(
    graders.map(async (grader) => ((await fileExists(resolveFromPrompt(promptFile, grader))) ? [] : [grader])),
  );
  return missing.flat().map((grader) => ({
    severity: 'warning' as const,
    code: 'prompt.grader-not-found',
    message: `the grader ${grader} does not exist (looked for ${resolveFromPrompt(promptFile, grader)})\nfix: paths in the frontmatter are relative to the prompt file: correct the path, or create the grader (a .prompt with "refinery.kind: grader")`,
    ...(frontmatterTextSpan(source, 'refinery.graders', grader) ?? frontmatterValueSpan(source, 'refinery.graders') ?? FIRST_LINE),
  }));
}
