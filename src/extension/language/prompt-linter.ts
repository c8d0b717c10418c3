/**
 * What checking a `.prompt` needs (the prompt compiler, the dataset readers, the settings and
 * their schema), loaded on the first check (`import('./prompt-linter')`) so that activation does
 * not evaluate it.
 */
import { DEFAULT_PRICE_TABLE } from '../../core/cost';
import type { PromptDiagnostic } from '../../core/prompt';
import { getEndpoints } from '../settings';
import { createDatasetColumnsReader } from './dataset-columns';
import { lintPromptSource, type LintEnvironment } from './lint-source';

export type PromptLinter = (source: string, filePath: string | undefined) => Promise<PromptDiagnostic[]>;

/** One linter per window: its dataset-columns reader caches what it read. `servedModels`: see `LintEnvironment`. */
export function createPromptLinter(servedModels?: LintEnvironment['servedModels']): PromptLinter {
  const readColumns = createDatasetColumnsReader();
  const environment = (): LintEnvironment => ({ endpointIds: getEndpoints().map((e) => e.id), prices: DEFAULT_PRICE_TABLE, readColumns, servedModels });
  return (source, filePath) => lintPromptSource(source, filePath, environment());
}
