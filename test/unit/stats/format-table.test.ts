import { describe, expect, it } from 'vitest';
import { addClusters, clusteredRate, clusterOf, formatCallCost, formatCost, formatLatency, formatSummaryTable, formatUsd, NO_CLUSTERS, type ModelSummary } from '../../../src/core/stats';

function summary(overrides: Partial<ModelSummary>): ModelSummary {
  return {
    cells: 30,
    completed: 30,
    errors: 0,
    passed: 0,
    failed: 0,
    ungraded: 0,
    graded: 0,
    passRateCells: 0,
    passRate: null,
    passRateInterval: null,
    meanScore: null,
    meanScoreInterval: null,
    totalCostUsd: 0,
    costKnown: true,
    p50LatencyMs: null,
    p95LatencyMs: null,
    agreement: { humanGraded: 0, humanPassRate: null, compared: 0, agreementRate: null, kappa: null },
    ...overrides,
  };
}

describe('formatSummaryTable', () => {
  it('aligns one line per model under a header and a rule', () => {
    const table = formatSummaryTable([
      {
        label: 'groq/llama-3.1-8b-instant',
        summary: summary({ passed: 26, failed: 3, ungraded: 1, graded: 29, passRateCells: 30, passRate: 26 / 30, passRateInterval: { lower: 0.6993, upper: 0.9469 }, meanScore: 0.82, meanScoreInterval: { lower: 0.7412, upper: 0.8988 }, totalCostUsd: 0.0042, p50LatencyMs: 410, p95LatencyMs: 1234 }),
      },
      { label: 'sim/echo', simulated: true, summary: summary({ p50LatencyMs: 3, p95LatencyMs: 12 }) },
      {
        label: 'cerebras/gpt-oss-120b',
        summary: summary({ errors: 2, passed: 2, failed: 0, graded: 2, passRateCells: 4, passRate: 0.5, meanScore: 0.5, totalCostUsd: 0.00003, costKnown: false }),
      },
      { label: 'custom/x', summary: summary({ errors: 1, costKnown: false, p50LatencyMs: 250, p95LatencyMs: 250 }) },
    ]);
    expect(table).toBe(
      [
        'model                        pass rate   95% CI  ungraded  mean score  score 95% CI           cost     p50     p95  errored',
        '-------------------------  -----------  -------  --------  ----------  ------------  -------------  ------  ------  -------',
        'groq/llama-3.1-8b-instant  87% (26/30)  [70–95]         1        0.82   [0.74–0.90]        $0.0042  410 ms  1.23 s        0',
        'sim/echo (simulated)                 —        —         0           —             —             $0    3 ms   12 ms        0',
        'cerebras/gpt-oss-120b        50% (2/4)        —         0        0.50             —     ≥$0.000030       —       —        2',
        'custom/x                             —        —         0           —             —  price unknown  250 ms  250 ms        1',
      ].join('\n'),
    );
  });

  it('prints just the header and rule for no models', () => {
    expect(formatSummaryTable([])).toBe(
      [
        'model  pass rate  95% CI  ungraded  mean score  score 95% CI  cost  p50  p95  errored',
        '-----  ---------  ------  --------  ----------  ------------  ----  ---  ---  -------',
      ].join('\n'),
    );
  });
});

describe('value formats', () => {
  it.each([
    [0, '$0'],
    [0.0042, '$0.0042'],
    [0.00424, '$0.0042'],
    [1.5, '$1.5000'],
    [0.00003, '$0.000030'],
    [0.0000012, '$0.0000012'],
  ])('formats %d USD as %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });

  it('shows a partly unknown cost as a lower bound and a wholly unknown one as "price unknown", never $0', () => {
    expect(formatCost(0.0042, false)).toBe('≥$0.0042');
    expect(formatCost(0, false)).toBe('price unknown');
    expect(formatCost(0, true)).toBe('$0');
  });

  it('shows one call without a price as "price unknown", and a call that used nothing as —', () => {
    expect(formatCallCost(null, true)).toBe('price unknown');
    expect(formatCallCost(null, false)).toBe('—');
    expect(formatCallCost(0, true)).toBe('$0');
    expect(formatCallCost(0.00003, true)).toBe('$0.000030');
  });

  it('shows latency in ms below a second and in seconds above', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(999)).toBe('999 ms');
    expect(formatLatency(1000)).toBe('1.00 s');
    expect(formatLatency(12_345)).toBe('12.35 s');
  });
});

const cells = (...list: Array<[number, number]>) => list.reduce((total, [y, m]) => addClusters(total, clusterOf(y, m)), NO_CLUSTERS);

describe('formatSummaryTable with refinery.repeat', () => {
  it('adds the repeat count and the share of cells whose samples all agree, only when a model repeated', () => {
    const table = formatSummaryTable([
      { label: 'groq/a', summary: summary({}), repeats: { repeat: 5, agreement: { repeatedCells: 4, agreeingCells: 3, rate: 0.75 }, samples: clusteredRate(cells([5, 5], [4, 5], [0, 5], [3, 5], [5, 5], [1, 5], [2, 5], [5, 5])) } },
      { label: 'groq/b', summary: summary({}), repeats: { repeat: 5, agreement: { repeatedCells: 0, agreeingCells: 0, rate: null }, samples: null } },
    ]);
    const [header, , first, second] = table.split('\n');
    expect(header).toMatch(/errored {2}repeat {2}sample agreement {2}sample pass rate {2,}pass\^k$/);
    // 25 of 40 samples, clustered: [36–83]; 3 of 8 cells all pass: Wilson [14–69] (see significance-stats.test.ts)
    expect(first).toMatch(/0 {6}×5 {9}75% \(3\/4\) {2,}63% \[36–83\] {2,}38% \[14–69\]$/);
    expect(second).toMatch(/×5 {17}— {2,}— {2,}—$/);
    expect(formatSummaryTable([{ label: 'groq/a', summary: summary({}), repeats: { repeat: 1, agreement: { repeatedCells: 0, agreeingCells: 0, rate: null } } }])).not.toContain('repeat');
  });
});
