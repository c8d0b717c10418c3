import { describe, expect, it } from 'vitest';
import { formatRunSummary, runSummaryText } from '../../../src/extension/runs/run-summary-text';
import type { CellMetrics, RunStatus } from '../../../src/store/types';

/** A run with a grader (its cells' verdicts count), or without any check. */
const graded = (status: RunStatus = 'completed') => ({ status, graderTexts: { 'judge.prompt': 'text' }, config: {} });
const unchecked = (status: RunStatus = 'completed') => ({ status, graderTexts: {}, config: { assertions: [] } });

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

describe('formatRunSummary', () => {
  it('shows pass rate, cost and p50 latency', () => {
    const cells = [
      ...Array.from({ length: 7 }, (_, i) => cell({ latencyMs: 400 + i * 10 })),
      cell({ gradePass: false, gradeScore: 0, latencyMs: 900, costUsd: 0.0007 }),
    ];
    expect(formatRunSummary(graded(), cells)).toBe('last run: 88% pass · $0.0042 · p50 430 ms');
  });

  it('counts a manual grade over the automatic one', () => {
    const cells = [cell(), cell({ gradePass: true, manualPass: false })];
    expect(formatRunSummary(graded(), cells)).toMatch(/^last run: 50% pass/);
  });

  it('without grades shows how many cells completed, and the errors', () => {
    const cells = [
      cell({ gradePass: null, gradeScore: null }),
      cell({ gradePass: null, gradeScore: null, status: 'failed', latencyMs: null, costUsd: null }),
    ];
    expect(formatRunSummary(unchecked('cancelled'), cells)).toBe('last run (cancelled): 1/2 done · $0.0005 · p50 410 ms · 1 error');
  });

  it('labels simulated runs and runs with nothing yet', () => {
    expect(formatRunSummary(graded(), [cell({ simulated: true, costUsd: 0, latencyMs: 1500 })])).toBe('last run: 100% pass · $0 · p50 1.50 s · simulated');
    expect(formatRunSummary(graded('running'), [])).toBe('running: no results yet');
  });

  it('counts ungraded cells as not passed, and says how many there are', () => {
    const cells = [cell(), cell({ gradePass: null, gradeScore: null }), cell({ gradePass: null, gradeScore: null }), cell()];
    expect(formatRunSummary(graded(), cells)).toBe('last run: 50% pass · 2 ungraded · $0.0020 · p50 410 ms');
  });
});

describe('runSummaryText (Runs view, run-end message)', () => {
  it('is the CodeLens text without its status prefix', () => {
    const cells = [cell(), cell({ gradePass: false, gradeScore: 0, latencyMs: 500 })];
    expect(runSummaryText(graded(), cells)).toBe('50% pass · $0.0010 · p50 410 ms');
    expect(formatRunSummary(graded('failed'), cells)).toBe(`last run (failed): ${runSummaryText(graded(), cells)}`);
  });

  it('says so when there is nothing yet', () => {
    expect(runSummaryText(graded(), [])).toBe('no results yet');
  });
});
