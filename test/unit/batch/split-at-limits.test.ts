import { describe, expect, it } from 'vitest';
import { batchOfferFor } from '../../../src/core/batch/batch-offers';
import { splitAtLimits } from '../../../src/core/batch/split-at-limits';
import { isUserError } from '../../../src/core/errors';

const MB = 1024 * 1024;
const repeat = (count: number, size: number): number[] => Array.from({ length: count }, () => size);

describe('splitAtLimits', () => {
  it('cuts 2,500 lines at 1,000 lines into 3 files of 1,000, 1,000 and 500', () => {
    const slices = splitAtLimits(repeat(2500, 300), { maxLines: 1000, maxBytes: 200 * MB, minLines: 1 });
    expect(slices.map((s) => s.end - s.start)).toEqual([1000, 1000, 500]);
    expect(slices.map((s) => s.start)).toEqual([0, 1000, 2000]);
  });

  it('holds Groq\'s and Cerebras\' real line limit: 120,001 small lines make files of 50,000, 50,000 and 20,001', () => {
    for (const provider of ['groq', 'cerebras']) {
      const offer = batchOfferFor(provider, { providers: { cerebras: { enabled: true } } }, []);
      expect(offer.limits.maxLines).toBe(50_000);
      const slices = splitAtLimits(repeat(120_001, 200), offer.limits);
      expect(slices.map((s) => s.end - s.start)).toEqual([50_000, 50_000, 20_001]);
    }
  });

  it('holds Cerebras\' real 200 MB limit on sizes alone: 20,000 lines of 12 KB (about 234 MB) make two files, the first just under 200 MB', () => {
    const limits = batchOfferFor('cerebras', { providers: { cerebras: { enabled: true } } }, []).limits;
    expect(limits.maxBytes).toBe(200 * MB);
    const lineBytes = 12 * 1024;
    const slices = splitAtLimits(repeat(20_000, lineBytes), limits);
    expect(slices).toHaveLength(2);
    const first = slices[0];
    expect(first?.bytes).toBeLessThanOrEqual(200 * MB);
    // one more line would not have fit
    expect((first?.bytes ?? 0) + lineBytes + 1).toBeGreaterThan(200 * MB);
    expect(first?.end).toBe(Math.floor((200 * MB) / (lineBytes + 1)));
    expect(slices.reduce((sum, s) => sum + (s.end - s.start), 0)).toBe(20_000);
  });

  it('holds Groq\'s 100 MB file limit (its SDK reference), whichever of lines or bytes comes first', () => {
    const limits = batchOfferFor('groq', undefined, []).limits;
    expect(limits.maxBytes).toBe(100 * MB);
    const slices = splitAtLimits(repeat(30_000, 8 * 1024), limits);
    expect(slices.every((s) => s.bytes <= 100 * MB && s.end - s.start <= 50_000)).toBe(true);
    expect(slices.map((s) => s.end - s.start)).toEqual([12_798, 12_798, 4404]);
  });

  it('refuses a line bigger than a whole file', () => {
    expect(() => splitAtLimits([10, 5000], { maxLines: 10, maxBytes: 1000, minLines: 1 })).toThrow(/request 2 alone is 5001 bytes/);
  });
});

describe('batchOfferFor', () => {
  it('offers Groq at the dated discount, and refuses what has no Batch API with the reason', () => {
    expect(batchOfferFor('groq', undefined, [])).toMatchObject({ discount: 0.5, completionWindow: '24h', asOf: '2026-12-07' });
    expect(batchOfferFor('groq', { providers: { groq: { discount: 0.25, completionWindow: '7d' } } }, [])).toMatchObject({ discount: 0.25, completionWindow: '7d' });
    const refusal = (provider: string, endpoints = [{ id: 'ollama', baseUrl: 'http://localhost:11434/v1' }]): string => {
      try {
        batchOfferFor(provider, undefined, endpoints);
      } catch (error) {
        if (isUserError(error)) return `${error.code}: ${error.message}`;
      }
      return 'accepted';
    };
    expect(refusal('ollama')).toMatch(/^batch\.unsupported: endpoint "ollama" .* declares no Batch API; local servers/);
    expect(refusal('cerebras')).toMatch(/private preview/);
    expect(refusal('sim')).toMatch(/no Batch API/);
    expect(batchOfferFor('vllm', undefined, [{ id: 'vllm', baseUrl: 'http://gpu:8000/v1', batch: true }])).toMatchObject({ flavour: 'openai', discount: 0 });
  });
});
