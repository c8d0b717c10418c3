import { analyzePrompt } from '../prompt/analyze';
import type { PromptType } from '../model';

/**
 * The row type from the frontmatter's `refinery.kind`. Sync stores whatever the file holds,
 * even a file with errors (the diagnostics report those): unreadable settings mean `prompt`.
 */
export function promptTypeOf(source: string, path: string): PromptType {
  const kind = analyzePrompt(source, path).prompt.refinery.kind;
  return kind === 'prompt' ? 'prompt' : 'grader';
}
