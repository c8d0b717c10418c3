import { pointSpan, type PromptProblem } from './problems';

export interface SplitPrompt {
  /** YAML between the `---` fences, or undefined when the file has no frontmatter. */
  frontmatter?: string;
  /** File line of the frontmatter's first line (2 when present). */
  frontmatterFirstLine: number;
  /** Everything after the closing fence, line endings normalized to `\n`. */
  body: string;
  /** File line of the body's first line. */
  bodyFirstLine: number;
  problem?: PromptProblem;
}

const FENCE = /^---[ \t]*$/;

/**
 * Splits on the `---` fences line by line (CRLF, CR and LF alike), so positions in the frontmatter
 * and body map back to file lines. Dotprompt's own regex also misses a closing fence at end of file
 * and an empty frontmatter; this does not.
 */
export function splitFrontmatter(source: string): SplitPrompt {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!FENCE.test(lines[0] ?? '')) {
    return { frontmatterFirstLine: 1, body: lines.join('\n'), bodyFirstLine: 1 };
  }
  const closing = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (closing === -1) {
    return {
      frontmatterFirstLine: 2,
      body: '',
      bodyFirstLine: lines.length + 1,
      problem: {
        severity: 'error',
        errorCode: 'prompt.frontmatter',
        rule: 'prompt.frontmatter',
        message: 'the frontmatter opened by --- on line 1 is never closed',
        fix: 'add a line with only --- after the YAML settings, before the template',
        span: { line: 1, column: 1, endLine: 1, endColumn: 4 },
      },
    };
  }
  return {
    frontmatter: lines.slice(1, closing).join('\n'),
    frontmatterFirstLine: 2,
    body: lines.slice(closing + 1).join('\n'),
    bodyFirstLine: closing + 2,
  };
}

export function emptyFileProblem(): PromptProblem {
  return {
    severity: 'error',
    errorCode: 'prompt.template',
    rule: 'prompt.empty',
    message: 'the prompt file is empty',
    fix: 'write the prompt text, optionally after YAML settings between --- lines (e.g. "model: groq/openai/gpt-oss-20b")',
    span: pointSpan(1, 1),
  };
}

export function emptyBodyProblem(line: number): PromptProblem {
  return {
    severity: 'error',
    errorCode: 'prompt.template',
    rule: 'prompt.empty',
    message: 'the prompt has no template after the frontmatter',
    fix: 'write the prompt text after the closing --- line',
    span: pointSpan(line, 1),
  };
}
