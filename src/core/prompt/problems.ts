import { UserError, type UserErrorCode } from '../errors';
import type { PromptDiagnostic } from './types';

/** A region of the `.prompt` file. 1-based; `endColumn` is just after the last character. */
export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Finer-grained than `UserErrorCode`, so the editor can tell problems apart. */
export type PromptRule =
  | 'prompt.empty'
  | 'prompt.yaml'
  | 'prompt.frontmatter'
  | 'prompt.unknown-key'
  | 'prompt.template'
  | 'prompt.unknown-helper'
  | 'prompt.unknown-model'
  | 'prompt.unpriced-model'
  | 'prompt.unserved-model'
  | 'prompt.unfilled-variable'
  | 'prompt.partial'
  | 'prompt.unfilled-context'
  | 'prompt.history'
  | 'prompt.media';

/** One thing wrong with a `.prompt` file: thrown as a `UserError` by the parser, shown as a diagnostic by the linter. */
export interface PromptProblem {
  /** `info`: worth knowing, never blocks a run (only the linter reports it). */
  severity: 'error' | 'warning' | 'info';
  errorCode: UserErrorCode;
  rule: PromptRule;
  message: string;
  /** What the user should do about it, in one sentence. */
  fix: string;
  span: SourceSpan;
}

export function pointSpan(line: number, column: number): SourceSpan {
  return { line, column, endLine: line, endColumn: column + 1 };
}

export function toUserError(problem: PromptProblem, file: string): UserError {
  const { line, column } = problem.span;
  return new UserError(problem.errorCode, problem.message, { file, line, column }, problem.fix);
}

export function toDiagnostic(problem: PromptProblem): PromptDiagnostic {
  return {
    severity: problem.severity,
    message: `${problem.message}\nfix: ${problem.fix}`,
    code: problem.rule,
    ...problem.span,
  };
}

/** Short, readable rendering of a frontmatter value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
