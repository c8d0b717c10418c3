/**
 * The run's summary as GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`: a heading, the
 * per-model table (the same columns as the terminal's) and the gates that failed. Text from
 * outside — model ids, the prompt's path, reasons from a judge or a server — goes into code spans,
 * where no Markdown, link, mention or HTML applies; our own figures are backslash-escaped.
 */
import { appendFile } from 'node:fs/promises';
import { summaryColumns, type SummaryTableRow } from '../core/stats';

/** Any ASCII punctuation can be backslash-escaped in CommonMark; these are the ones with a meaning in a table cell. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]<>()#+\-.!|~&$:@]/g;

const oneLine = (text: string): string => text.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();

/** Our own text (figures, units), escaped so it renders as written. */
export function markdownText(text: string): string {
  return oneLine(text).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/**
 * Text from outside as an inline code span: a backtick fence longer than any backtick run in it,
 * padded with spaces. In a table cell (`inTable`) every `|` is escaped too, because GFM splits a
 * row into cells before it reads code spans; the splitter pairs backslashes from the left, so a `|`
 * after an odd run of backslashes gets one more for its own escape to hold (that run shows one more).
 */
export function markdownCode(text: string, inTable = false): string {
  const line = oneLine(text) || ' ';
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  if (!inTable) return `${fence} ${line} ${fence}`;
  const pipesEscaped = line.replace(/(\\*)\|/g, (_match, slashes: string) => `${slashes}${slashes.length % 2 === 1 ? '\\' : ''}\\|`);
  return `${fence} ${pipesEscaped} ${fence}`;
}

export interface StepSummary {
  promptPath: string;
  runId: string;
  rows: readonly SummaryTableRow[];
  /** Why a gate failed (`--fail-under`, `--max-ungraded`), one message each; empty when all held. */
  problems: readonly string[];
  /** Ran without a grader or assertion: there is no pass rate to trust. */
  unchecked: boolean;
  /** Cancelled before every cell ran: the figures are of the cells that did. */
  cancelled: boolean;
}

export function stepSummaryMarkdown(summary: StepSummary): string {
  const columns = summaryColumns(summary.rows);
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [
    `### Refinery: ${markdownCode(summary.promptPath)}`,
    '',
    row(columns.map((column) => markdownText(column.title))),
    row(columns.map((column) => (column.align === 'left' ? ':--' : '--:'))),
    ...summary.rows.map((r) => row(columns.map((column) => (column.untrusted ? markdownCode(column.cell(r), true) : markdownText(column.cell(r)))))),
    '',
    `Run ${markdownCode(summary.runId)}. A cell passes only when it was graded and every grader and assertion passed; ungraded and errored cells count as not passed.`,
  ];
  if (summary.cancelled) lines.push('', '**Cancelled:** the figures cover only the cells that ran before it stopped.');
  if (summary.unchecked) lines.push('', '**No grader or assertion ran: nothing was checked.**');
  if (summary.problems.length > 0) {
    lines.push('', '**Failed:**', '', ...summary.problems.map((problem) => `- ${markdownCode(problem)}`));
  }
  return `${lines.join('\n')}\n\n`;
}

/** Appends to the file GitHub Actions names in `GITHUB_STEP_SUMMARY` (nothing when it is unset). */
export async function appendStepSummary(env: NodeJS.ProcessEnv, summary: StepSummary): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, stepSummaryMarkdown(summary), 'utf8');
  return true;
}
