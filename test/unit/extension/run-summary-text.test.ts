import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { formatRunSummary, runCountsText, runIntervalLines, runSummaryText } from '../../../src/extension/runs/run-summary-text';
import type { CellMetrics, RunStatus } from '../../../src/core/model';

/** A run with a grader (its cells' verdicts count), or without any check. */
const graded = (status: RunStatus = 'completed') => ({ status, graderTexts: { 'judge.prompt': 'text' }, config: parseRunConfig({}) });
const unchecked = (status: RunStatus = 'completed') => ({ status, graderTexts: {}, config: parseRunConfig({ assertions: [] }) });

function cell(overrides: Partial<CellMetrics> = {}): CellMetrics {
  return {
    id: 'c',
    runModelId: 'm',
    datasetRowId: 'r',
    status: 'completed',
    latencyMs: 410,
    costUsd: 0.0005,
    gradeScore: 1,
    gradePass: true,
    manualPass: null,
    manualScore: null,
    simulated: false,
    ...overrides,
  };
}

describe('formatRunSummary (the CodeLens)', () => {
  it('shows the pass rate, cost and p50 latency, and the models of that run', () => {
    const cells = [
      ...Array.from({ length: 7 }, (_, i) => cell({ latencyMs: 400 + i * 10 })),
      cell({ gradePass: false, gradeScore: 0, latencyMs: 900, costUsd: 0.0007 }),
    ];
    expect(formatRunSummary(graded(), cells, { models: 'sim/echo +1' })).toBe('last run on sim/echo +1: 88% passed · $0.0042 · p50 430 ms');
  });

  it('counts the automatic grade, as the grid header and the CLI do: a grade set by hand shows beside it', () => {
    const cells = [cell(), cell({ gradePass: true, manualPass: false })];
    expect(formatRunSummary(graded(), cells)).toMatch(/^last run: 100% passed/);
  });

  it('without grades shows how many cells completed, what errored, and what never ran', () => {
    const cells = [
      cell({ gradePass: null, gradeScore: null }),
      cell({ gradePass: null, gradeScore: null, status: 'failed', latencyMs: null, costUsd: null }),
    ];
    expect(formatRunSummary(unchecked('cancelled'), cells, { expectedCells: 5 })).toBe('last run (cancelled): 1/2 completed · 1 errored · 3 not run · $0.0005 · p50 410 ms');
  });

  it('labels simulated runs and runs with nothing yet', () => {
    expect(formatRunSummary(graded(), [cell({ simulated: true, costUsd: 0, latencyMs: 1500 })])).toBe('last run: 100% passed · $0 · p50 1.50 s · simulated');
    expect(formatRunSummary(graded('running'), [])).toBe('running: no results yet');
  });

  it('counts ungraded cells as not passed, and says how many there are', () => {
    const cells = [cell(), cell({ gradePass: null, gradeScore: null }), cell({ gradePass: null, gradeScore: null }), cell()];
    expect(formatRunSummary(graded(), cells)).toBe('last run: 50% passed · 2 ungraded · $0.0020 · p50 410 ms');
  });

  it('rounds by the one rule: never 100% unless every cell passed, never 0% unless none did', () => {
    const almost = [...Array.from({ length: 199 }, () => cell()), cell({ gradePass: false, gradeScore: 0 })];
    expect(runSummaryText(graded(), almost)).toMatch(/^99% passed/);
    const barely = [cell(), ...Array.from({ length: 299 }, () => cell({ gradePass: false, gradeScore: 0 }))];
    expect(runSummaryText(graded(), barely)).toMatch(/^1% passed/);
  });
});

describe('runSummaryText and runCountsText (Runs view, run-end message)', () => {
  it('is the CodeLens text without its status prefix', () => {
    const cells = [cell(), cell({ gradePass: false, gradeScore: 0, latencyMs: 500 })];
    expect(runSummaryText(graded(), cells)).toBe('50% passed · $0.0010 · p50 410 ms');
    expect(formatRunSummary(graded('failed'), cells)).toBe(`last run (failed): ${runSummaryText(graded(), cells)}`);
  });

  it('says so when there is nothing yet', () => {
    expect(runSummaryText(graded(), [])).toBe('no results yet');
  });

  it('counts every cell in the glossary’s words for the tooltip', () => {
    const cells = [cell(), cell({ gradePass: false, gradeScore: 0 }), cell({ gradePass: null, gradeScore: null }), cell({ status: 'failed', gradePass: null, gradeScore: null })];
    expect(runCountsText(graded(), cells, { expectedCells: 6 })).toBe('6 cells: 1 passed, 1 failed, 1 ungraded, 1 errored, 2 not run');
    expect(runCountsText(unchecked(), [cell({ gradePass: null, gradeScore: null })])).toBe('1 cell: 1 completed, 0 errored');
  });
});

describe('runIntervalLines (the Runs view tooltip)', () => {
  const models = [{ id: 'm', runId: 'run', provider: 'groq', model: 'llama-3.1-8b-instant', displayLabel: '', params: {} }];

  it('gives each model its pass rate and mean score with their 95% intervals, and says what they are', () => {
    const cells = [...Array.from({ length: 7 }, () => cell()), cell({ gradePass: false, gradeScore: 0 })];
    // Wilson 7/8: [0.5291, 0.9776]; t-interval of seven 1s and a 0: 0.875 ± 2.3646·0.35355/√8 = [0.5794, 1.1706] → clipped to 1 (scipy)
    expect(runIntervalLines({ ...graded(), models }, cells)).toEqual([
      'groq/llama-3.1-8b-instant: passed 88% [53–98] n=8 · score 0.88 [0.58–1.00]',
      '[brackets]: 95% intervals (Wilson for the pass rate, t for the mean score): the value on more rows like these plausibly lies within them.',
    ]);
  });

  it('counts the automatic grade by the one rounding rule, as the summary line above it does', () => {
    const cells = [...Array.from({ length: 199 }, () => cell()), cell({ gradePass: false, gradeScore: 0, manualPass: true })];
    const [line] = runIntervalLines({ ...graded(), models }, cells);
    expect(line).toMatch(/^groq\/llama-3\.1-8b-instant: passed 99% \[\d+–100\] n=200 · /);
    expect(runSummaryText(graded(), cells)).toMatch(/^99% passed/);
  });

  it('has nothing to say without checks or cells', () => {
    expect(runIntervalLines({ ...unchecked(), models }, [cell({ gradePass: null, gradeScore: null })])).toEqual([]);
    expect(runIntervalLines({ ...graded(), models }, [])).toEqual([]);
  });
});
