import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/core/executor';

const policy = { baseMs: 100, maxMs: 1_000 };

describe('backoffDelay', () => {
  it('draws uniformly below a ceiling that doubles per retry (full jitter)', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(100);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('never exceeds maxMs, however many retries', () => {
    expect(backoffDelay(5, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(2_000, policy, () => 0.999)).toBe(999);
  });

  it("honours the server's retry-after, even above maxMs", () => {
    expect(backoffDelay(1, policy, () => 0.5, 2_500)).toBe(2_500);
    expect(backoffDelay(1, policy, () => 0.5, 0)).toBe(0);
  });
});
