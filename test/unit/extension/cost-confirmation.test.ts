import { describe, expect, it } from 'vitest';
import type { RunEstimate } from '../../../src/core/run/estimate-run';
import { costConfirmation } from '../../../src/extension/runs/cost-confirmation';

const estimate = (totalUsd: number, unpriced: string[] = []): RunEstimate => ({
  models: [
    { modelId: 'groq/llama-3.3-70b-versatile', calls: 1200, inputTokens: 90_000, outputTokens: 307_200, costUsd: totalUsd },
    ...unpriced.map((modelId) => ({ modelId, calls: 1200, inputTokens: 90_000, outputTokens: 307_200, costUsd: null })),
  ],
  totalUsd,
  unpriced,
  method: 'chars/4',
});

describe('costConfirmation', () => {
  it('asks only above the threshold, never for an estimate of $0', () => {
    expect(costConfirmation(estimate(0.5), 0.5)).toBeUndefined();
    expect(costConfirmation(estimate(0), 0)).toBeUndefined();
    expect(costConfirmation(estimate(0.0001), 0)).toBeDefined();
    expect(costConfirmation(estimate(0.51), 0.5)).toBeDefined();
  });

  it('says the total, the calls and tokens, and what was not counted', () => {
    const asked = costConfirmation(estimate(0.2958, ['ollama/llama3.2']), 0.1);
    expect(asked?.message).toBe('Refinery: this run will cost up to about $0.2958 (2,400 calls, ~180,000 input + ≤614,400 output tokens). Run it?');
    expect(asked?.detail).toContain('groq/llama-3.3-70b-versatile: 1,200 calls, ~90,000 in + ≤307,200 out tokens, $0.2958');
    expect(asked?.detail).toContain('Not counted (no price): ollama/llama3.2.');
    expect(asked?.detail).toContain('refinery.confirmCostAboveUsd ($0.1000)');
  });
});
