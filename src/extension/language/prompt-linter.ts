/**
 * What checking a `.prompt` needs (the prompt compiler, the dataset readers, the settings and
 * their schema), loaded on the first check (`import('./prompt-linter')`) so that activation does
 * not evaluate it.
 */
import * as vscode from 'vscode';
import { DEFAULT_PRICE_TABLE } from '../../core/cost';
import { readTextIfExists, type PromptDiagnostic } from '../../core/prompt';
import { getEndpoints } from '../settings';
import { createDatasetColumnsReader } from './dataset-columns';
import { lintPromptSource, type LintEnvironment } from './lint-source';

export type PromptLinter = (source: string, filePath: string | undefined) => Promise<PromptDiagnostic[]>;

/** One linter per window: its dataset-columns reader caches what it read. `servedModels`: see `LintEnvironment`. */
export function createPromptLinter(servedModels?: LintEnvironment['servedModels']): PromptLinter {
  const readColumns = createDatasetColumnsReader();
  // a partial open in an editor is checked as it reads there, saved or not
  const readText = async (file: string): Promise<string | undefined> =>
    vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === file)?.getText() ?? readTextIfExists(file);
  const environment = (): LintEnvironment => ({ endpointIds: getEndpoints().map((e) => e.id), prices: DEFAULT_PRICE_TABLE, readColumns, readText, servedModels });
  return (source, filePath) => lintPromptSource(source, filePath, environment());
}
