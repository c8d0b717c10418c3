import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { compareModelsInRun, compareRuns, formatComparison, passFailSentence, type CompareSide } from '../../../src/core/compare';
import type { CellRecord } from '../../../src/core/model';
import { cellRecord, rowsOf, runRecord } from './fixtures';

/** One letter per row: P both pass, F both fail, I improved (fail → pass), R regressed (pass → fail). */
type Pattern = string;

function sides(patterns: Record<string, Pattern>, scores?: Record<string, Array<[number, number]>>): { current: CompareSide; baseline: CompareSide } {
  const models = Object.keys(patterns);
  const rows = Math.max(...Object.values(patterns).map((p) => p.length));
  const cells = (runId: string, side: 'current' | 'baseline'): CellRecord[] =>
    models.flatMap((model) =>
      [...patterns[model]!].map((letter, row) => {
        const pass = side === 'current' ? letter === 'P' || letter === 'I' : letter === 'P' || letter === 'R';
        const score = scores?.[model]?.[row]?.[side === 'current' ? 0 : 1] ?? (pass ? 1 : 0);
        return cellRecord(runId, model, row, { gradePass: pass, gradeScore: score });
      }),
    );
  const checked = { 'judge.prompt': '---\nrefinery.kind: grader\n---\n' };
  return {
    current: { run: { ...runRecord('C', models), graderTexts: checked }, rows: rowsOf('C', rows), cells: cells('C', 'current') },
    baseline: { run: { ...runRecord('B', models), graderTexts: checked }, rows: rowsOf('B', rows), cells: cells('B', 'baseline') },
  };
}

const repeat = (letter: string, n: number): string => letter.repeat(n);

describe('paired significance of a run against its baseline', () => {
  it('writes the issue\'s sentence: McNemar exact on 12 improved vs 8 regressed of 96 rows', () => {
    const { current, baseline } = sides({ 'groq/a': repeat('P', 60) + repeat('I', 12) + repeat('R', 8) + repeat('F', 16) });
    const { significance } = compareRuns(current, baseline);
    const model = significance.models[0]!;
    expect(model.passFail).toMatchObject({ pairs: 96, counts: { bothPass: 60, improved: 12, regressed: 8, bothFail: 16 } });
    // p = 2·P(X ≤ 8 | X ~ Bin(20, ½)) = 2·131975/524288 (exact; scipy binomtest(8, 20).pvalue)
    expect(model.passFail?.pValue).toBeCloseTo(0.5034446716308594, 12);
    expect(model.passFail?.adjustedP).toBe(model.passFail?.pValue); // one model: nothing to adjust
    expect(model.verdict).toBe('no-difference');
    // Bonett–Price for (60, 12, 8, 16): [-0.0526, 0.1343] (see significance-stats.test.ts)
    expect(passFailSentence(model.passFail!, significance.alpha)).toBe('+4.2 points [-5.3, +13.4], p = 0.50 — not significant at 0.05 (12 improved, 8 regressed)');
    expect(model.flipped.filter((f) => f.direction === 'regressed').map((f) => f.rowIndex)).toEqual([72, 73, 74, 75, 76, 77, 78, 79]);
  });

  it('calls 9 regressed against 1 improved a significant regression (p = 2·11/1024)', () => {
    const { current, baseline } = sides({ 'groq/a': repeat('P', 20) + 'I' + repeat('R', 9) });
    const model = compareRuns(current, baseline).significance.models[0]!;
    expect(model.passFail?.pValue).toBeCloseTo(0.021484375, 12);
    expect(model.verdict).toBe('worse');
    expect(passFailSentence(model.passFail!, 0.05)).toMatch(/^-26\.7 points \[.*\], p = 0\.02 — significant regression at 0\.05 \(1 improved, 9 regressed\)$/);
    // a stricter alpha keeps the same p but not the verdict
    expect(compareRuns(current, baseline, { alpha: 0.01 }).significance.models[0]?.verdict).toBe('no-difference');
  });

  it('adjusts with Holm when the verdict spans several models: the same evidence in three models is not significant', () => {
    const pattern = repeat('P', 20) + 'I' + repeat('R', 9);
    const one = compareRuns(sides({ 'groq/a': pattern }).current, sides({ 'groq/a': pattern }).baseline).significance;
    const three = sides({ 'groq/a': pattern, 'groq/b': pattern, 'groq/c': pattern });
    const many = compareRuns(three.current, three.baseline).significance;
    expect(one.models[0]?.verdict).toBe('worse');
    expect(many.tested).toBe(3);
    // Holm: 3 × 0.021484375 = 0.064453125 for all three
    for (const model of many.models) {
      expect(model.passFail?.adjustedP).toBeCloseTo(0.064453125, 12);
      expect(model.verdict).toBe('no-difference');
    }
    expect(formatComparison(compareRuns(three.current, three.baseline))).toContain('with 3 models, p-values are Holm-adjusted');
    expect(formatComparison(compareRuns(three.current, three.baseline))).toContain('p = 0.02, Holm-adjusted over 3 models p = 0.06 — not significant at 0.05');
  });

  it('edge cases: all pass, no discordant pair, no common row, no checks', () => {
    const allPass = sides({ 'groq/a': repeat('P', 10) });
    const model = compareRuns(allPass.current, allPass.baseline).significance.models[0]!;
    expect(model.passFail).toMatchObject({ pValue: 1, difference: 0, counts: { improved: 0, regressed: 0 } });
    expect(model.verdict).toBe('no-difference');
    expect(model.flipped).toEqual([]);
    expect(passFailSentence(model.passFail!, 0.05)).toMatch(/^±0\.0 points \[-\d+\.\d, \+\d+\.\d\], p = 1 — not significant at 0\.05 \(no row flipped\)$/);

    const { current } = sides({ 'groq/a': 'PP' });
    const elsewhere = sides({ 'groq/b': 'PP' }).baseline;
    const disjoint = compareRuns(current, elsewhere).significance;
    expect(disjoint.models.map((m) => [m.modelId, m.verdict, m.passFail, m.score])).toEqual([
      ['groq/a', 'untested', null, null],
      ['groq/b', 'untested', null, null],
    ]);
    expect(disjoint.tested).toBe(0);

    const unchecked = sides({ 'groq/a': 'PPRR' });
    const plain = compareRuns({ ...unchecked.current, run: { ...unchecked.current.run, graderTexts: {}, config: parseRunConfig({ assertions: [] }) } }, unchecked.baseline);
    expect(plain.significance.models[0]?.passFail).toBeNull();
  });

  it('tests scores with a seeded paired bootstrap: the same runs give the same interval', () => {
    const scores: Array<[number, number]> = [[1, 0.5], [0.75, 0.5], [0.25, 0.5], [0.5, 0.5], [1, 0.25], [0.75, 0.25], [0, 0.5], [0.5, 0.25], [0.5, 0.5], [1, 0], [0.5, 0.25], [0.25, 0.5]];
    const { current, baseline } = sides({ 'groq/a': repeat('P', 12) }, { 'groq/a': scores });
    const score = compareRuns(current, baseline).significance.models[0]?.score;
    // the differences are those of significance-stats.test.ts: mean 0.2083, interval [-0.0208, 0.4583], p = 0.0965
    expect(score).toMatchObject({ pairs: 12, higher: 7, lower: 3 });
    expect(score?.difference).toBeCloseTo(0.20833333333333334, 10);
    expect(score?.interval.lower).toBeCloseTo(-0.020833333333333332, 4);
    expect(score?.interval.upper).toBeCloseTo(0.4583333333333333, 4);
    expect(score?.pValue).toBeCloseTo(0.09647588102974257, 4);
  });
});

describe('two models of one run', () => {
  it('pairs them on their rows: A plays the current side, B the baseline', () => {
    const run = { ...runRecord('R', ['groq/a', 'groq/b']), graderTexts: { 'j.prompt': '' } };
    const passes = { 'groq/a': [true, true, true, true, true, true, true, true, true, false], 'groq/b': [false, false, false, false, false, false, false, false, true, true] };
    const cells = Object.entries(passes).flatMap(([model, list]) => list.map((gradePass, row) => cellRecord('R', model, row, { gradePass, gradeScore: gradePass ? 1 : 0 })));
    const comparison = compareModelsInRun({ run, rows: rowsOf('R', 10), cells }, 'groq/a', 'groq/b');
    const model = comparison.significance.models[0]!;
    expect(comparison.title).toBe('run R: groq/a (A) vs groq/b (B)');
    // 8 rows A passed and B failed, 1 the reverse: p = 2·P(X ≤ 1 | Bin(9, ½)) = 2·10/512
    expect(model.passFail).toMatchObject({ counts: { bothPass: 1, improved: 8, regressed: 1, bothFail: 0 } });
    expect(model.passFail?.pValue).toBeCloseTo(20 / 512, 12);
    expect(model.verdict).toBe('better');
  });
});
