import Handlebars from 'handlebars';
import { z } from 'zod';
import { pointSpan, type PromptProblem } from './problems';

const LexerState = z.object({ lexer: z.object({ yylloc: z.object({ first_line: z.number(), first_column: z.number() }) }) });
const ExceptionPosition = z.object({ lineNumber: z.number(), column: z.number() });

/** Handlebars' syntax errors carry the position in different places depending on who raised them. */
export function syntaxProblem(error: unknown, body: string, firstLine: number): PromptProblem {
  const message = error instanceof Error ? error.message : String(error);
  const fix = 'close every {{ with }} and every {{#block}} with its {{/block}}';
  let line = 1;
  let column = 1;
  let reason = message;
  const exception = ExceptionPosition.safeParse(error);
  if (exception.success) {
    // Handlebars.Exception ("if doesn't match each - 2:3"): 1-based line, 0-based column.
    ({ lineNumber: line } = exception.data);
    column = exception.data.column + 1;
    reason = message.replace(/ - \d+:\d+$/, '');
  } else {
    // Jison parse error: read where its (shared, synchronous) lexer stopped.
    const lexer = LexerState.safeParse((Handlebars as unknown as { Parser?: unknown }).Parser);
    const lineInMessage = /on line (\d+)/.exec(message)?.[1];
    if (lexer.success) {
      line = lexer.data.lexer.yylloc.first_line;
      column = lexer.data.lexer.yylloc.first_column + 1;
    } else if (lineInMessage) {
      line = Number(lineInMessage);
    }
    reason = message.split('\n').at(-1) ?? message;
    // At end of input the lexer points past the last line; the unclosed tag or block is what to fix.
    const opener = / got 'EOF'$/.test(reason) ? findUnclosedOpener(body) : undefined;
    if (opener) {
      ({ line, column } = opener);
      reason = `${opener.what} is never closed`;
    }
  }
  return {
    severity: 'error',
    errorCode: 'prompt.template',
    rule: 'prompt.template',
    message: `template syntax error: ${reason}`,
    fix,
    span: pointSpan(line + firstLine - 1, column),
  };
}

interface Opener {
  what: string;
  line: number;
  column: number;
}

/** The last `{{` without its `}}`, else the innermost `{{#block}}` without its `{{/block}}`. */
function findUnclosedOpener(body: string): Opener | undefined {
  const at = (offset: number, what: string): Opener => {
    const before = body.slice(0, offset).split('\n');
    return { what, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  };
  const lastOpen = body.lastIndexOf('{{');
  if (lastOpen > body.lastIndexOf('}}')) return at(lastOpen, `the tag ${body.slice(lastOpen, lastOpen + 20).split('\n')[0] ?? '{{'}`);
  const open: { name: string; offset: number }[] = [];
  for (const match of body.matchAll(/\{\{~?\s*([#/])\s*([^\s}~]+)/g)) {
    const [, sigil, name = ''] = match;
    if (sigil === '#') open.push({ name, offset: match.index });
    else if (open.at(-1)?.name === name) open.pop();
  }
  const block = open.at(-1);
  return block ? at(block.offset, `{{#${block.name}}}`) : undefined;
}
