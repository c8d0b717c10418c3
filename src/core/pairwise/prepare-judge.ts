import path from 'node:path';
import { UserError } from '../errors';
import { compilePrompt, missingVariables, readPromptFile } from '../prompt';
import { PAIRWISE_VARIABLES } from '../prompt/lint';
import type { PairwiseJudge } from './judge-pairs';

/**
 * Reads and checks a pairwise judge before any call: it must declare `refinery.kind: pairwise`,
 * name a judge model (or get one from `judge` / `defaultJudge`), and use no variable that neither
 * the dataset nor the pair provides.
 */
export async function preparePairwiseJudge(options: { file: string; cwd: string; columns: readonly string[]; judge?: string; defaultJudge?: string }): Promise<PairwiseJudge> {
  const absolutePath = path.resolve(options.cwd, options.file);
  const prompt = await readPromptFile(absolutePath);
  if (prompt.refinery.kind !== 'pairwise') {
    throw new UserError('prompt.frontmatter', `${options.file} is not a pairwise judge`, { file: absolutePath }, 'add `refinery.kind: pairwise` to its frontmatter; it receives {{output_a}}, {{output_b}} and answers A, B or tie');
  }
  const judge = options.judge ?? prompt.refinery.judge ?? prompt.model ?? options.defaultJudge;
  if (!judge) {
    throw new UserError('prompt.unknown-model', 'the pairwise judge names no judge model', { file: absolutePath }, 'set `model:` or `refinery.judge:` in it, or pass --judge MODEL');
  }
  const missing = missingVariables(prompt, [...options.columns, ...PAIRWISE_VARIABLES]);
  if (missing.length > 0) {
    throw new UserError(
      'prompt.missing-variables',
      `the pairwise judge uses ${missing.join(', ')}, which neither the dataset nor the pair provides`,
      { file: absolutePath },
      `a pairwise judge receives the dataset columns plus {{output_a}}, {{output_b}} and {{expected}}; the dataset has: ${options.columns.join(', ') || '(no dataset)'}`,
    );
  }
  return { ref: options.file, compiled: await compilePrompt(prompt), judge };
}
