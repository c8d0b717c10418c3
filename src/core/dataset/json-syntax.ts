import { printParseErrorCode, visit } from 'jsonc-parser';
import { UserError } from '../errors';

export interface JsonSyntaxProblem {
  message: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units like editors count */
  column: number;
}

// Keyed by name: jsonc-parser's ParseErrorCode is an ambient const enum, unusable under isolatedModules.
const PROBLEM_TEXT: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string (a string cannot span lines; write \\n)',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character (control characters must be escaped)',
  '<unknown ParseErrorCode>': 'invalid JSON',
};

/**
 * Finds where strict JSON is broken. `JSON.parse` on Node 20 often omits the position, so this
 * re-reads the text with jsonc-parser (comments and trailing commas disallowed) for line and column.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  let problem: JsonSyntaxProblem | null = null;
  visit(
    text,
    {
      onError(error, _offset, _length, startLine, startCharacter) {
        problem ??= { message: PROBLEM_TEXT[printParseErrorCode(error)], line: startLine + 1, column: startCharacter + 1 };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return problem;
}

/** Parses strict JSON; on failure throws a UserError at the line and column of the mistake. */
export function parseJsonOrThrow(
  text: string,
  where: { file: string; line?: number },
  fix: string,
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = locateJsonSyntaxError(text);
    const lineOffset = (where.line ?? 1) - 1;
    if (problem === null) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new UserError('dataset.json', `invalid JSON: ${detail}`, { file: where.file, line: where.line ?? 1 }, fix);
    }
    throw new UserError(
      'dataset.json',
      `invalid JSON: ${problem.message}`,
      { file: where.file, line: problem.line + lineOffset, column: problem.column },
      fix,
    );
  }
}
