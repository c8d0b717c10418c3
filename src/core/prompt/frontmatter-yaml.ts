import {
  LineCounter,
  isMap,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import type { PromptProblem, SourceSpan } from './problems';

/** The frontmatter as a YAML document, with the means to locate any node in the file. */
export interface FrontmatterYaml {
  doc: Document.Parsed;
  /** File span of a node of `doc`. */
  spanOf(node: Node): SourceSpan;
  /** Syntax errors and warnings, at file positions. */
  problems: PromptProblem[];
}

export function parseFrontmatterYaml(text: string, firstLine: number): FrontmatterYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const toFileSpan = (start: number, end: number): SourceSpan => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(end, start + 1));
    return { line: from.line + firstLine - 1, column: from.col, endLine: to.line + firstLine - 1, endColumn: to.col };
  };
  const spanOf = (node: Node): SourceSpan => {
    const [start, valueEnd] = node.range ?? [0, 0];
    return toFileSpan(start, valueEnd);
  };
  const problems = [
    ...doc.errors.map((error) => yamlProblem(error, 'error', doc, toFileSpan)),
    ...doc.warnings.map((warning) => yamlProblem(warning, 'warning', doc, toFileSpan)),
  ];
  return { doc, spanOf, problems };
}

function yamlProblem(
  error: YAMLError,
  severity: 'error' | 'warning',
  doc: Document.Parsed,
  toFileSpan: (start: number, end: number) => SourceSpan,
): PromptProblem {
  // yaml's message ends with "at line L, column C:" and an excerpt, both relative to the frontmatter.
  const reason = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  const unclosed = findUnclosedOpener(error, doc);
  const [start, end] = unclosed ? [unclosed.offset, unclosed.offset + 1] : error.pos;
  return {
    severity,
    errorCode: 'prompt.yaml',
    rule: 'prompt.yaml',
    message: unclosed ? `${unclosed.opener} opened here is never closed (${reason})` : `YAML: ${reason}`,
    fix: yamlFix(error, unclosed?.closer),
    span: toFileSpan(start, end),
  };
}

interface UnclosedOpener {
  offset: number;
  opener: string;
  closer: string;
}

/**
 * yaml reports an unclosed `[`, `{` or quote where it gave up (often the next line);
 * the user wants the line that opened it.
 */
function findUnclosedOpener(error: YAMLError, doc: Document.Parsed): UnclosedOpener | undefined {
  const expected = /end with a ([\]}])/.exec(error.message)?.[1] ?? (error.code === 'MISSING_CHAR' && /quote/.test(error.message) ? 'quote' : undefined);
  if (!expected) return undefined;
  let found: UnclosedOpener | undefined;
  const endsAtError = (node: Node): boolean => node.range?.[1] === error.pos[0];
  visit(doc, {
    Scalar(_key, node) {
      if (expected !== 'quote' || !endsAtError(node) || !node.range) return;
      if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return;
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
      found = { offset: node.range[0], opener: `the quote ${quote}`, closer: quote };
      return visit.BREAK;
    },
    Collection(_key, node) {
      if (expected === 'quote' || !node.flow || !endsAtError(node) || !node.range) return;
      if ((expected === '}') !== isMap(node)) return;
      found = { offset: node.range[0], opener: expected === '}' ? '{' : '[', closer: expected };
      return visit.BREAK;
    },
  });
  return found;
}

function yamlFix(error: YAMLError, closer: string | undefined): string {
  if (closer) return `add the closing ${closer}`;
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces: YAML does not allow tabs for indentation';
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the two keys';
    case 'BAD_INDENT':
      return 'align keys of the same map at the same column, using spaces';
    default:
      return 'fix the YAML syntax between the --- lines';
  }
}
