import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { appendStepSummary, markdownCode, stepSummaryMarkdown, type StepSummary } from '../../../src/cli/step-summary';
import type { ModelSummary, SummaryTableRow } from '../../../src/core/stats';

// The step summary is read by a GFM renderer: checked here with a real one (marked, GFM tables),
// on the tokens it makes, not on the text we wrote.
const summary = (overrides: Partial<ModelSummary> = {}): ModelSummary => ({
  cells: 20, completed: 19, errors: 1, passed: 15, failed: 2, ungraded: 2, graded: 17, passRateCells: 20, passRate: 0.75,
  passRateInterval: { lower: 0.5313, upper: 0.8881 }, meanScore: 0.8, meanScoreInterval: { lower: 0.71, upper: 0.89 }, totalCostUsd: 0.0042, costKnown: true, p50LatencyMs: 410, p95LatencyMs: 1234,
  agreement: { humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null },
  ...overrides,
});

const HOSTILE = [
  'evil|model',
  'a\\|b',
  'x\\\\|y',
  '`tick` and ``two``',
  '**bold** _it_ [link](https://example.com) <img src=x onerror=alert(1)> @octocat www.example.com $x$ ~~s~~',
  'line one\nline two | three',
];

function step(rows: SummaryTableRow[], overrides: Partial<StepSummary> = {}): StepSummary {
  return { promptPath: 'prompts/[triage]|*x*.prompt', runId: 'run-1', rows, problems: [], unchecked: false, cancelled: false, ...overrides };
}

const tableOf = (markdown: string): Tokens.Table => {
  const table = marked.lexer(markdown).find((token): token is Tokens.Table => token.type === 'table');
  if (!table) throw new Error(`no table in:\n${markdown}`);
  return table;
};
/** What a cell reads as: each inline token's text (an escape's is the character it escapes). */
const cellText = (cell: Tokens.TableCell): string =>
  cell.tokens.map((token): string => (token.type === 'text' || token.type === 'escape' || token.type === 'codespan' ? (token as Tokens.Text).text : token.raw)).join('');

describe('stepSummaryMarkdown', () => {
  const rows = HOSTILE.map((label, i): SummaryTableRow => ({ label, simulated: i === 0, summary: summary() }));
  const markdown = stepSummaryMarkdown(step(rows, { problems: ['pass rate 75.0% is below --fail-under 80.0%', 'judge said: <b>[click](https://x.test)</b> | **no**'] }));
  const table = tableOf(markdown);

  it('renders one table row per model with every column, whatever the model id holds', () => {
    expect(table.header.map((cell) => cell.text)).toEqual(['model', 'pass rate', '95% CI', 'ungraded', 'mean score', 'score 95% CI', 'cost', 'p50', 'p95', 'errored']);
    expect(table.align).toEqual(['left', ...Array<string>(9).fill('right')]);
    expect(table.rows).toHaveLength(HOSTILE.length);
    for (const row of table.rows) expect(row).toHaveLength(10);
  });

  it('shows each model id as one code span with its text as written (on one line), never as markup', () => {
    const labels = table.rows.map((row) => row[0]!.tokens);
    for (const tokens of labels) expect(tokens.map((token) => token.type)).toEqual(['codespan']);
    expect(labels.map((tokens) => (tokens[0] as Tokens.Codespan).text)).toEqual([
      'evil|model (simulated)',
      // A backslash right before a pipe shows doubled: the one case the cell splitter leaves no other way to write.
      'a\\\\|b',
      'x\\\\|y',
      '`tick` and ``two``',
      '**bold** _it_ [link](https://example.com) <img src=x onerror=alert(1)> @octocat www.example.com $x$ ~~s~~',
      'line one line two | three',
    ]);
    const html = marked.parse(markdown, { async: false });
    expect(html).not.toMatch(/<a |<img|<em>|<del>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the figures as the terminal does, and the ungraded count', () => {
    expect(table.rows[0]!.slice(1).map(cellText)).toEqual(['75% (15/20)', '[53–89]', '2', '0.80', '[0.71–0.89]', '$0.0042', '410 ms', '1.23 s', '1']);
  });

  it('lists the failed gates as code, so a reason from a judge or a server cannot add markup', () => {
    const html = marked.parse(markdown, { async: false });
    expect(html).toContain('<li><code>pass rate 75.0% is below --fail-under 80.0%</code></li>');
    expect(html).toContain('<li><code>judge said: &lt;b&gt;[click](https://x.test)&lt;/b&gt; | **no**</code></li>');
    expect(html).toContain('<h3>Refinery: <code>prompts/[triage]|*x*.prompt</code></h3>');
  });

  it('says when nothing was checked or the run was cancelled, and lists no failures when every gate held', () => {
    const quiet = stepSummaryMarkdown(step([{ label: 'sim/echo', summary: summary({ passRate: null, passed: 0, passRateCells: 0, ungraded: 0 }) }], { unchecked: true, cancelled: true }));
    expect(cellText(tableOf(quiet).rows[0]![1]!)).toBe('—');
    expect(quiet).toContain('**No grader or assertion ran: nothing was checked.**');
    expect(quiet).toContain('**Cancelled:**');
    expect(quiet).not.toContain('**Failed:**');
  });
});

describe('markdownCode', () => {
  it('fences with more backticks than the text holds in a row', () => {
    expect(markdownCode('a ``b`` c')).toBe('``` a ``b`` c ```');
    expect(markdownCode('')).toBe('`   `');
    expect(markdownCode('a|b')).toBe('` a|b `');
    expect(markdownCode('a|b', true)).toBe('` a\\|b `');
  });
});

describe('appendStepSummary', () => {
  it('appends to $GITHUB_STEP_SUMMARY (two runs in one step keep both) and does nothing without it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-summary-')), 'summary.md');
    const one = step([{ label: 'groq/llama-3.1-8b-instant', summary: summary() }]);
    expect(await appendStepSummary({ GITHUB_STEP_SUMMARY: file }, one)).toBe(true);
    expect(await appendStepSummary({ GITHUB_STEP_SUMMARY: file }, { ...one, runId: 'run-2' })).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.match(/^### Refinery/gm)).toHaveLength(2);
    expect(text).toContain('` run-2 `');
    expect(await appendStepSummary({}, one)).toBe(false);
  });
});
