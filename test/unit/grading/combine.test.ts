import { describe, expect, it } from 'vitest';
import { combineVerdicts, type Verdict } from '../../../src/core/grading';

const pass = (score: number, reason: string): Verdict => ({ state: 'graded', score, pass: true, reason });
const fail = (score: number, reason: string): Verdict => ({ state: 'graded', score, pass: false, reason });
const unreadable = (reason: string): Verdict => ({ state: 'ungraded', reason, raw: '???' });

describe('combineVerdicts', () => {
  it('gives nulls and no reason when there are no graders', () => {
    expect(combineVerdicts([])).toEqual({ score: null, pass: null, reason: '' });
  });

  it('passes a single verdict through with its reason unlabelled', () => {
    expect(combineVerdicts([{ grader: 'graders/label.prompt', verdict: pass(0.8, 'right label') }])).toEqual({
      score: 0.8,
      pass: true,
      reason: 'right label',
    });
  });

  it('averages the scores and passes only when every grader passes', () => {
    expect(
      combineVerdicts([
        { grader: 'label', verdict: pass(1, 'right label') },
        { grader: 'tone', verdict: fail(0.5, 'curt') },
      ]),
    ).toEqual({ score: 0.75, pass: false, reason: 'label: right label\ntone: curt' });
  });

  it('rounds float noise out of the mean', () => {
    // (0.1 + 0.2) / 2 is 0.15000000000000002 in floats
    expect(
      combineVerdicts([
        { grader: 'a', verdict: fail(0.1, '') },
        { grader: 'b', verdict: fail(0.2, '') },
      ]).score,
    ).toBe(0.15);
  });

  it('leaves an ungraded verdict out of the score, and the cell ungraded (never passed), saying why', () => {
    expect(
      combineVerdicts([
        { grader: 'label', verdict: pass(0.6, 'ok') },
        { grader: 'tone', verdict: unreadable('the grader answered nothing') },
      ]),
    ).toEqual({ score: 0.6, pass: null, reason: 'label: ok\ntone: ungraded: the grader answered nothing' });
  });

  it('fails the cell when one grader fails, whatever an ungraded one would have said', () => {
    expect(
      combineVerdicts([
        { grader: 'tone', verdict: unreadable('no JSON') },
        { grader: 'label', verdict: fail(0, 'wrong label') },
      ]),
    ).toMatchObject({ score: 0, pass: false });
  });

  it('gives null score and pass when no grader produced a grade', () => {
    expect(combineVerdicts([{ grader: 'label', verdict: unreadable('no JSON') }])).toEqual({
      score: null,
      pass: null,
      reason: 'ungraded: no JSON',
    });
  });
});
