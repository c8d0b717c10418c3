import { describe, expect, it } from 'vitest';
import { formatPercent, formatWholePoints, wholePercent } from '../../../src/shared/stats/percent';

describe('the one rounding rule for percentages', () => {
  it('rounds half up to a whole percent', () => {
    expect(formatPercent(0.755)).toBe('76%');
    expect(formatPercent(0.754)).toBe('75%');
    expect(formatPercent(3 / 4)).toBe('75%');
    expect(formatPercent(null)).toBe('—');
  });

  it('never shows 100% unless every cell passed, nor 0% unless none did', () => {
    expect(wholePercent(199 / 200)).toBe(99);
    expect(wholePercent(1)).toBe(100);
    expect(wholePercent(1 / 300)).toBe(1);
    expect(wholePercent(0)).toBe(0);
  });

  it('says points, singular for one', () => {
    expect(formatWholePoints(0.04)).toBe('4 pts');
    expect(formatWholePoints(-0.01)).toBe('1 pt');
    expect(formatWholePoints(0.001)).toBe('0 pts');
  });
});
