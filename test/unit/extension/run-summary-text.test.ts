import { describe, expect, it } from 'vitest';
import { runSummaryText } from '../../../src/extension/runs/run-summary-text';

const cell = (over: Partial<Parameters<typeof runSummaryText>[0][number]> = {}) => ({
  status: 'completed' as const,
  latencyMs: 400,
  costUsd: 0.001,
  gradeScore: 1,
  gradePass: true,
  ...over,
});

describe('runSummaryText', () => {
  it('gives pass rate, cost and p50 latency', () => {
    const cells = [cell(), cell({ latencyMs: 410 }), cell({ gradePass: false, gradeScore: 0, latencyMs: 420 }), cell({ costUsd: 0.0012, latencyMs: 430 })];
    expect(runSummaryText(cells)).toBe('75% pass · $0.0042 · p50 410 ms');
  });

  it('without graders, counts the cells that completed; errors are counted', () => {
    const cells = [cell({ gradePass: null, gradeScore: null }), cell({ status: 'failed', gradePass: null, gradeScore: null, latencyMs: null, costUsd: null })];
    expect(runSummaryText(cells)).toBe('1/2 ok · $0.0010 · p50 400 ms');
    expect(runSummaryText([cell(), cell({ status: 'failed', gradePass: null, latencyMs: null, costUsd: null })])).toBe('100% pass · $0.0010 · p50 400 ms · 1 error');
  });

  it('says so when there is nothing yet', () => {
    expect(runSummaryText([])).toBe('no results');
  });
});
