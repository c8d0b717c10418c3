/**
 * Every statistic against values computed independently, with where each came from:
 * - exact binomial tails as fractions (Python `fractions` + `math.comb`), two-sided tails also
 *   checked with `scipy.stats.binomtest(k, n, 0.5).pvalue` (SciPy 1.17.1);
 * - Wilson bounds from Newcombe (1998, Stat Med 17:857, Table II: 81/263, 15/148, 0/20, 1/29) and
 *   `scipy.stats.binomtest(k, n).proportion_ci(0.95, method='wilson')`;
 * - t-intervals from `scipy.stats.t.ppf(0.975, n - 1)` with numpy's mean and std(ddof=1);
 * - the seeded bootstrap, the Bonett–Price interval and the clustered rate from separate Python
 *   implementations of the formulas (mulberry32 written anew in Python), printed to 16 digits;
 * - Holm by hand from its definition (below).
 */
import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf,
  clusteredRate,
  clusterOf,
  addClusters,
  exactSignTest,
  holmAdjust,
  meanInterval,
  momentSums,
  NO_CLUSTERS,
  pairedBootstrap,
  pairedDifferenceInterval,
  tQuantile975,
  wilsonInterval,
  createPrng,
  formatPValue,
  formatPoints,
  formatPointsInterval,
  formatRateInterval,
} from '../../../src/core/stats';

describe('exact binomial tails (McNemar exact, sign test)', () => {
  it.each([
    // k, n, P(X ≤ k) for X ~ Bin(n, ½) as a fraction
    [1, 10, 11 / 1024],
    [8, 20, 131975 / 524288],
    [0, 5, 1 / 32],
    [3, 30, 4.215165972709656e-6],
    [30, 90, 0.001030132840481538],
    [0, 50, 8.881784197001252e-16],
  ])('P(X ≤ %i | n = %i) = %f', (k, n, expected) => {
    expect(binomialHalfCdf(k, n)).toBeCloseTo(expected, 14);
    expect(binomialHalfCdf(k, n) / expected).toBeCloseTo(1, 10);
  });

  it('is 0 below 0 and 1 at n', () => {
    expect(binomialHalfCdf(-1, 10)).toBe(0);
    expect(binomialHalfCdf(10, 10)).toBe(1);
    expect(binomialHalfCdf(0, 0)).toBe(1);
  });

  it.each([
    // b improved, c regressed, two-sided p (scipy binomtest(min, b + c, 0.5).pvalue)
    [12, 8, 0.5034446716308594],
    [9, 1, 0.021484375],
    [0, 5, 0.0625],
    [27, 3, 8.430331945419312e-6],
    [60, 30, 0.0020602656809630745],
  ])('McNemar exact on b = %i, c = %i: p = %f', (b, c, expected) => {
    expect(exactSignTest(b, c)).toBeCloseTo(expected, 12);
    expect(exactSignTest(c, b)).toBeCloseTo(expected, 12);
  });

  it('gives p = 1 with no discordant pair, and with as many improved as regressed', () => {
    expect(exactSignTest(0, 0)).toBe(1);
    expect(exactSignTest(7, 7)).toBe(1);
  });
});

describe('Wilson score interval', () => {
  it.each([
    [81, 263, 0.255289, 0.36621],
    [15, 148, 0.062386, 0.160487],
    [0, 20, 0, 0.161125],
    [1, 29, 0.006113, 0.171755],
    [20, 20, 0.838875, 1],
    [83, 96, 0.781989, 0.919123],
    [1, 1, 0.206549, 1],
  ])('%i of %i: [%f, %f]', (k, n, lower, upper) => {
    const interval = wilsonInterval(k, n);
    expect(interval?.lower).toBeCloseTo(lower, 6);
    expect(interval?.upper).toBeCloseTo(upper, 6);
  });

  it('is null for n = 0, and exactly 0 / 1 at the ends', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, 7)?.lower).toBe(0);
    expect(wilsonInterval(7, 7)?.upper).toBe(1);
  });

  it('reads as the issue writes it', () => {
    expect(formatRateInterval(wilsonInterval(83, 96))).toBe('[78–92]');
    expect(formatRateInterval(null)).toBe('—');
  });
});

describe('t-interval of a mean score', () => {
  it('matches scipy for 5 values', () => {
    const result = meanInterval(momentSums([0.2, 0.4, 0.9, 1.0, 0.5]), { lower: -Infinity, upper: Infinity });
    expect(result?.mean).toBeCloseTo(0.6, 12);
    expect(result?.interval?.lower).toBeCloseTo(0.17893125180077057, 5);
    expect(result?.interval?.upper).toBeCloseTo(1.0210687481992293, 5);
  });

  it('clips to the 0–1 scale of scores by default', () => {
    const result = meanInterval(momentSums([0.6, 0.7]));
    expect(result?.interval?.lower).toBeCloseTo(0.01468976319126536, 5);
    expect(result?.interval?.upper).toBe(1);
  });

  it('has no interval for one value and no mean for none', () => {
    expect(meanInterval(momentSums([0.4]))).toEqual({ mean: 0.4, interval: null, n: 1 });
    expect(meanInterval(momentSums([]))).toBeNull();
  });

  it('uses t quantiles within 1e-6 of scipy, table and expansion alike', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706205, 6);
    expect(tQuantile975(30)).toBeCloseTo(2.042272, 6);
    expect(tQuantile975(31)).toBeCloseTo(2.039513446396408, 6);
    expect(tQuantile975(60)).toBeCloseTo(2.0002978220142604, 7);
    expect(tQuantile975(1000)).toBeCloseTo(1.9623390808264083, 9);
  });
});

describe('seeded paired bootstrap', () => {
  it('mulberry32 gives the same stream as a separate implementation', () => {
    const random = createPrng(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('reproduces its interval and p-value to 4 decimals', () => {
    const differences = [0.5, 0.25, -0.25, 0, 0.75, 0.5, -0.5, 0.25, 0, 1.0, 0.25, -0.25];
    const result = pairedBootstrap(differences);
    expect(result?.mean).toBeCloseTo(0.20833333333333334, 10);
    expect(result?.interval.lower).toBeCloseTo(-0.020833333333333332, 4);
    expect(result?.interval.upper).toBeCloseTo(0.4583333333333333, 4);
    expect(result?.pValue).toBeCloseTo(0.09647588102974257, 4);
    expect(pairedBootstrap(differences)).toEqual(result);
  });

  it('says nothing for no pairs and p = 1 when nothing differs', () => {
    expect(pairedBootstrap([])).toBeNull();
    expect(pairedBootstrap([0, 0, 0, 0, 0, 0, 0, 0])).toMatchObject({ mean: 0, interval: { lower: 0, upper: 0 }, pValue: 1 });
  });
});

describe('paired difference of pass rates (Bonett–Price)', () => {
  it.each([
    // both pass, improved, regressed, both fail → lower, upper
    [60, 12, 8, 16, -0.05264154032071712, 0.13427419338194163],
    [5, 3, 0, 2, -0.08671410544437924, 0.5867141054443792],
    [0, 0, 10, 0, -1, -0.5205795584958712],
  ])('%i/%i/%i/%i', (bothPass, improved, regressed, bothFail, lower, upper) => {
    const interval = pairedDifferenceInterval({ bothPass, improved, regressed, bothFail });
    expect(interval?.lower).toBeCloseTo(lower, 10);
    expect(interval?.upper).toBeCloseTo(upper, 10);
  });

  it('keeps a width with no discordant pair (all pass in both: an edge case)', () => {
    const interval = pairedDifferenceInterval({ bothPass: 10, improved: 0, regressed: 0, bothFail: 10 });
    expect(interval?.lower).toBeCloseTo(-0.12599125675906162, 10);
    expect(interval?.upper).toBeCloseTo(0.12599125675906162, 10);
    expect(pairedDifferenceInterval({ bothPass: 0, improved: 0, regressed: 0, bothFail: 0 })).toBeNull();
  });

  it('reads in points', () => {
    expect(formatPoints(0.042)).toBe('+4.2 points');
    expect(formatPointsInterval({ lower: -0.011, upper: 0.095 })).toBe('[-1.1, +9.5]');
    expect(formatPoints(0)).toBe('±0.0 points');
  });
});

describe('Holm', () => {
  it('adjusts a fixed set step-down', () => {
    // sorted: 0.005 (×4 = 0.02), 0.01 (×3 = 0.03), 0.03 (×2 = 0.06), 0.04 (×1 = 0.04 → raised to 0.06)
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });

  it('caps at 1, leaves one model alone, and takes none', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.19])).toEqual([0.19]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('pass rate of repeated samples, clustered by cell', () => {
  const cells: Array<[number, number]> = [[5, 5], [4, 5], [0, 5], [3, 5], [5, 5], [1, 5], [2, 5], [5, 5]];
  const sums = cells.reduce((total, [y, m]) => addClusters(total, clusterOf(y, m)), NO_CLUSTERS);

  it('widens the interval by the design effect and gives pass^k over cells', () => {
    const result = clusteredRate(sums);
    expect(result?.rate).toBe(0.625);
    expect(result?.effectiveN).toBeCloseTo(12.209302325581397, 10);
    expect(result?.interval.lower).toBeCloseTo(0.35636107140414097, 10);
    expect(result?.interval.upper).toBeCloseTo(0.833805958905423, 10);
    expect(result?.passAll).toMatchObject({ rate: 3 / 8, passing: 3, cells: 8 });
    expect(result?.passAll.interval.lower).toBeCloseTo(0.13684428582359737, 10);
    // 40 samples treated as independent would claim far more than 12 are worth
    const naive = wilsonInterval(25, 40)!;
    expect(naive.upper - naive.lower).toBeLessThan(result!.interval.upper - result!.interval.lower);
  });

  it('counts cells whose samples all agree as one observation each', () => {
    const allPass = [clusterOf(3, 3), clusterOf(3, 3)].reduce((t, c) => addClusters(t, c), NO_CLUSTERS);
    expect(clusteredRate(allPass)).toMatchObject({ rate: 1, effectiveN: 2, interval: { upper: 1 } });
    expect(clusteredRate(NO_CLUSTERS)).toBeNull();
  });

  it('removes a cell exactly as it added it', () => {
    const removed = addClusters(sums, clusterOf(2, 5), -1);
    expect(removed.cells).toBe(7);
    expect(removed.passes).toBe(23);
  });
});

describe('p-values as they read', () => {
  it.each([
    [0.19, 'p = 0.19'],
    [0.0034, 'p = 0.003'],
    [0.00002, 'p < 0.001'],
    [1, 'p = 1'],
  ])('%f → %s', (p, text) => expect(formatPValue(p)).toBe(text));
});
