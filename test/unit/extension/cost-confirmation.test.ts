import { describe, expect, it } from 'vitest';
import type { RunEstimate } from '../../../src/core/run/estimate-run';
import { costConfirmation } from '../../../src/extension/runs/cost-confirmation';

const estimate = (totalUsd: number, unpriced: string[] = []): RunEstimate => ({
  models: [
    { modelId: 'groq/openai/gpt-oss-120b', calls: 1200, inputTokens: 90_000, outputTokens: 307_200, costUsd: totalUsd, encoding: 'o200k_base' },
    ...unpriced.map((modelId) => ({ modelId, calls: 1200, inputTokens: 90_000, outputTokens: 307_200, costUsd: null, encoding: 'cl100k_base' as const })),
  ],
  graders: [],
  totalUsd,
  unpriced,
  method: 'tokenizer',
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
    expect(asked?.message).toBe('Refinery: this run will cost up to about $0.2958 plus calls whose price is unknown (2,400 calls, ~180,000 input + ≤614,400 output tokens). Run it?');
    expect(asked?.detail).toContain('groq/openai/gpt-oss-120b: 1,200 calls, ~90,000 in + ≤307,200 out tokens, $0.2958');
    expect(asked?.detail).toContain('ollama/llama3.2: 1,200 calls, ~90,000 in + ≤307,200 out tokens, price unknown');
    expect(asked?.detail).toContain('Not counted (price unknown): ollama/llama3.2.');
    expect(asked?.detail).toContain('refinery.confirmCostAboveUsd ($0.1000)');
  });
});

describe('costConfirmation with graders', () => {
  it('counts the grader calls in the totals and lists them', () => {
    const withGrader: RunEstimate = {
      ...estimate(0.3),
      graders: [{ grader: 'graders/judge.prompt', modelId: 'groq/openai/gpt-oss-20b', calls: 1200, inputTokens: 50_000, outputTokens: 60_000, costUsd: 0.02, encoding: 'o200k_base' }],
    };
    const asked = costConfirmation(withGrader, 0.1);
    expect(asked?.message).toBe('Refinery: this run will cost up to about $0.3000 (2,400 calls, ~140,000 input + ≤367,200 output tokens). Run it?');
    expect(asked?.detail).toContain('grader graders/judge.prompt on groq/openai/gpt-oss-20b: 1,200 calls, ~50,000 in + ≤60,000 out tokens, $0.0200');
  });
});
