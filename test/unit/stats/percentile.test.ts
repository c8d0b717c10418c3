import { describe, expect, it } from 'vitest';
import { percentile } from '../../../src/core/stats';

describe('percentile (nearest rank)', () => {
  const values = [10, 20, 30, 40, 50];

  it.each([
    [0, 10],
    [20, 10], // rank ceil(1) = 1
    [21, 20], // rank ceil(1.05) = 2
    [50, 30], // rank ceil(2.5) = 3
    [80, 40],
    [95, 50], // rank ceil(4.75) = 5
    [100, 50],
  ])('p%d of 10…50 is %d', (p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('returns the one value of a single-element list for any p', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
  });

  it('returns null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('rejects p outside 0–100', () => {
    expect(() => percentile(values, -1)).toThrow(RangeError);
    expect(() => percentile(values, 101)).toThrow(RangeError);
    expect(() => percentile(values, Number.NaN)).toThrow(RangeError);
  });
});
