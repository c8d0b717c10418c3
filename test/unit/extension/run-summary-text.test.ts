import { describe, expect, it } from 'vitest';
import { formatRunSummary, runSummaryText } from '../../../src/extension/runs/run-summary-text';
import type { CellMetrics } from '../../../src/store/types';

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
    expect(formatRunSummary('completed', cells)).toBe('last run: 88% pass · $0.0042 · p50 430 ms');
  });

  it('counts a manual grade over the automatic one', () => {
    const cells = [cell(), cell({ gradePass: true, manualPass: false })];
    expect(formatRunSummary('completed', cells)).toMatch(/^last run: 50% pass/);
  });

  it('without grades shows how many cells completed, and the errors', () => {
    const cells = [
      cell({ gradePass: null, gradeScore: null }),
      cell({ gradePass: null, gradeScore: null, status: 'failed', latencyMs: null, costUsd: null }),
    ];
    expect(formatRunSummary('cancelled', cells)).toBe('last run (cancelled): 1/2 done · $0.0005 · p50 410 ms · 1 error');
  });

  it('labels simulated runs and runs with nothing yet', () => {
    expect(formatRunSummary('completed', [cell({ simulated: true, costUsd: 0, latencyMs: 1500 })])).toBe('last run: 100% pass · $0 · p50 1.50 s · simulated');
    expect(formatRunSummary('running', [])).toBe('running: no results yet');
  });
});

describe('runSummaryText (Runs view, run-end message)', () => {
  it('is the CodeLens text without its status prefix', () => {
    const cells = [cell(), cell({ gradePass: false, gradeScore: 0, latencyMs: 500 })];
    expect(runSummaryText(cells)).toBe('50% pass · $0.0010 · p50 410 ms');
    expect(formatRunSummary('failed', cells)).toBe(`last run (failed): ${runSummaryText(cells)}`);
  });

  it('says so when there is nothing yet', () => {
    expect(runSummaryText([])).toBe('no results yet');
  });
});
