import { describe, expect, it } from 'vitest';
import { majorityPass, repeatedCell, type FinishedSample } from '../../../src/core/repeats';
import type { GradeRecord, SampleRecord } from '../../../src/core/model';

const judge = (pass: boolean | null, score: number | null, costUsd: number, state: GradeRecord['state'] = 'graded'): GradeRecord => ({
  grader: 'judge.prompt', score, pass, reason: state === 'graded' ? 'fine' : 'unparseable answer', state, costUsd, tokensIn: 100, tokensOut: 20, tokensCached: 10,
});

function finished(sample: Partial<SampleRecord>, attempts = 1): FinishedSample {
  return {
    sample: {
      outputText: 'out', errorText: null, latencyMs: 100, tokensIn: 10, tokensOut: 5, tokensCached: 2, costUsd: 0.001,
      gradePass: null, gradeScore: null, grades: [], ...sample,
    },
    attempts,
    providerTiming: { totalMs: 90 },
    simulated: false,
  };
}

const key = { runModelId: 'rm', datasetRowId: 'row' };

describe('majorityPass', () => {
  it.each([
    [[true, true, false], true],
    [[true, false], false], // a tie fails
    [[true, true, null], true], // 2 of 3 pass whatever the third says
    [[false, false, null], false], // at most 1 of 3 can pass
    [[true, false, null], null], // the ungraded sample decides: ungraded
    [[true, false, null, null], null],
    [[true, null, null], null], // an ungraded sample is no pass: 1 of 3 is no majority
    [[false, false, null, null], false], // at most 2 of 4: a tie at best
    [[null, null], null],
    [[], null],
  ])('%j → %s', (flags, expected) => expect(majorityPass(flags)).toBe(expected));
});

describe('repeatedCell (hand-computed)', () => {
  it('3 samples: first output and latency, summed tokens/cost/attempts, majority pass, mean score, grader aggregated', () => {
    const cell = repeatedCell(key, [
      finished({ outputText: 'billing', latencyMs: 120, tokensIn: 10, tokensOut: 4, tokensCached: 0, costUsd: 0.0001, gradePass: true, gradeScore: 1, grades: [judge(true, 1, 0.00002)] }, 2),
      finished({ outputText: 'bug', latencyMs: 300, tokensIn: 10, tokensOut: 6, tokensCached: 5, costUsd: 0.0002, gradePass: false, gradeScore: 0.2, grades: [judge(false, 0.2, 0.00003)] }),
      finished({ outputText: 'billing', latencyMs: 80, tokensIn: 10, tokensOut: 5, tokensCached: 5, costUsd: 0.0003, gradePass: true, gradeScore: 0.9, grades: [judge(true, 0.9, 0.00001)] }),
    ]);
    expect(cell).toMatchObject({
      runModelId: 'rm',
      datasetRowId: 'row',
      status: 'completed',
      outputText: 'billing',
      errorText: null,
      latencyMs: 120,
      tokensIn: 30,
      tokensOut: 15,
      tokensCached: 10,
      costUsd: 0.0006,
      gradePass: true,
      gradeReason: '2/3 samples pass (majority)',
      attempts: 4,
      providerTiming: { totalMs: 90 },
    });
    expect(cell.gradeScore).toBeCloseTo(0.7, 12); // (1 + 0.2 + 0.9) / 3
    expect(cell.grades).toHaveLength(1);
    expect(cell.grades[0]).toMatchObject({ grader: 'judge.prompt', pass: true, state: 'graded', costUsd: 0.00006, reason: '2/3 samples pass (majority)', tokensIn: 300, tokensOut: 60, tokensCached: 30 });
    expect(cell.grades[0]?.score).toBeCloseTo(0.7, 12);
    expect(cell.samples.map((s) => s.outputText)).toEqual(['billing', 'bug', 'billing']);
  });

  it('one failed sample fails the cell with its error, keeps the others, sums the known usage', () => {
    const cell = repeatedCell(key, [
      finished({ outputText: 'a', costUsd: 0.001 }),
      finished({ outputText: null, errorText: 'server 500: boom', latencyMs: null, tokensIn: null, tokensOut: null, tokensCached: null, costUsd: null }, 3),
    ]);
    expect(cell).toMatchObject({ status: 'failed', errorText: 'sample 2 of 2: server 500: boom', outputText: 'a', tokensIn: 10, costUsd: 0.001, attempts: 4, gradePass: null, gradeReason: null });
    expect(cell.samples).toHaveLength(2);
  });

  it('unknown prices stay unknown; an ungraded grader stays ungraded with its reason and cost', () => {
    const cell = repeatedCell(key, [
      finished({ costUsd: null, grades: [judge(null, null, 0.00001, 'ungraded')] }),
      finished({ costUsd: null, grades: [judge(null, null, 0.00002, 'ungraded')] }),
    ]);
    expect(cell.costUsd).toBeNull();
    expect(cell.grades).toEqual([{ grader: 'judge.prompt', score: null, pass: null, reason: 'unparseable answer', state: 'ungraded', costUsd: 0.00003, tokensIn: 200, tokensOut: 40, tokensCached: 20 }]);
    expect(cell.gradePass).toBeNull();
  });

  it('a sample whose judge gave no verdict counts as no pass: ungraded while it could tip the majority', () => {
    const cell = repeatedCell(key, [
      finished({ gradePass: true, gradeScore: 1, grades: [judge(true, 1, 0.00001)] }),
      finished({ gradePass: false, gradeScore: 0, grades: [judge(false, 0, 0.00001)] }),
      finished({ gradePass: null, gradeScore: null, grades: [judge(null, null, 0.00001, 'ungraded')] }),
    ]);
    expect(cell).toMatchObject({ gradePass: null, gradeReason: '1/3 samples pass, 1 ungraded: no majority either way' });
    expect(cell.grades[0]).toMatchObject({ pass: null, state: 'ungraded', reason: '1/3 samples pass, 1 ungraded: no majority either way' });

    const decided = repeatedCell(key, [
      finished({ gradePass: true, gradeScore: 1, grades: [judge(true, 1, 0.00001)] }),
      finished({ gradePass: true, gradeScore: 1, grades: [judge(true, 1, 0.00001)] }),
      finished({ gradePass: null, gradeScore: null, grades: [judge(null, null, 0.00001, 'ungraded')] }),
    ]);
    expect(decided).toMatchObject({ gradePass: true, gradeReason: '2/3 samples pass (majority), 1 ungraded' });
    expect(decided.grades[0]).toMatchObject({ pass: true, state: 'graded', reason: '2/3 samples pass (majority), 1 ungraded' });
  });

  it('scores without pass flags: the mean score, no pass', () => {
    const cell = repeatedCell(key, [finished({ gradeScore: 0.5 }), finished({ gradeScore: 1 })]);
    expect(cell).toMatchObject({ gradePass: null, gradeScore: 0.75, gradeReason: 'mean score of 2 samples' });
  });
});
