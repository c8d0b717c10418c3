import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../errors';
import { analyzePrompt, type PromptAnalysis } from './analyze';
import { analyzeWithPartials } from './partials';
import { toUserError } from './problems';
import type { PromptFile } from './types';

/**
 * Parses and validates a `.prompt` file; throws a `UserError` at the first error (warnings are
 * the linter's). `partials`: the texts of its partials by name, as a run kept them; without
 * it, a template that uses partials parses but does not render.
 */
export function parsePrompt(source: string, file: string, partials?: Record<string, string>): PromptFile {
  return firstErrorThrown(analyzePrompt(source, file, partials ? { partials: { texts: partials } } : {}), file);
}

function firstErrorThrown({ prompt, problems }: PromptAnalysis, file: string): PromptFile {
  const firstError = problems.find((p) => p.severity === 'error');
  if (firstError) throw toUserError(firstError, file);
  return prompt;
}

const FsErrorCode = z.object({ code: z.string() });
const FS_REASONS: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' };

export async function readPromptFile(file: string): Promise<PromptFile> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
    const code = FsErrorCode.safeParse(e).data?.code;
    const reason = (code && FS_REASONS[code]) ?? (e instanceof Error ? e.message : String(e));
    throw new UserError('prompt.read', `cannot read the prompt file: ${reason}`, { file }, 'check the path and that the file is readable');
  }
  return firstErrorThrown(await analyzeWithPartials(source, file), file);
}
