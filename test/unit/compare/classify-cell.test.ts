import { describe, expect, it } from 'vitest';
import { classifyCell } from '../../../src/core/compare';
import { cellRecord } from './fixtures';

const cell = (fields: Parameters<typeof cellRecord>[3]) => cellRecord('r', 'sim/a', 0, fields);
const CHECKED = { current: true, baseline: true };

describe('classifyCell', () => {
  it.each([
    ['pass → fail', { gradePass: true, gradeScore: 1 }, { gradePass: false, gradeScore: 1 }, 'regressed', 'pass → fail'],
    ['fail → pass', { gradePass: false }, { gradePass: true }, 'improved', 'fail → pass'],
    ['score down, same pass', { gradePass: true, gradeScore: 0.9 }, { gradePass: true, gradeScore: 0.75 }, 'regressed', 'score 0.90 → 0.75'],
    ['score up', { gradeScore: 0.5 }, { gradeScore: 0.6 }, 'improved', 'score 0.50 → 0.60'],
    ['output changed only', { gradePass: true, outputText: 'a' }, { gradePass: true, outputText: 'b' }, 'changed', 'output changed'],
    ['same', { gradePass: true, gradeScore: 1 }, { gradePass: true, gradeScore: 1 }, 'unchanged', 'same output and grade'],
    ['completed → error', {}, { status: 'failed', outputText: null }, 'regressed', 'completed → error'],
    ['error → completed', { status: 'failed', outputText: null }, {}, 'improved', 'error → completed'],
    ['error in both', { status: 'failed' }, { status: 'failed' }, 'unchanged', 'error in both runs'],
    ['ungraded → pass', { gradePass: null }, { gradePass: true }, 'improved', 'ungraded → pass'],
    ['pass → ungraded: ungraded is not passed', { gradePass: true }, { gradePass: null }, 'regressed', 'pass → ungraded'],
    ['fail → ungraded', { gradePass: false }, { gradePass: null }, 'changed', 'fail → ungraded'],
    ['a manual grade grades an ungraded cell', { gradePass: true }, { gradePass: null, manualPass: true }, 'unchanged', 'same output and grade'],
    ['a manual grade overrides the grader', { gradePass: true }, { gradePass: true, manualPass: false }, 'regressed', 'pass → fail'],
  ] as const)('%s', (_name, before, after, change, reason) => {
    expect(classifyCell(cell(after), cell(before), CHECKED)).toEqual({ change, reason });
  });

  it('a run without checks has nothing to pass: its cells neither regress nor improve by grade', () => {
    expect(classifyCell(cell({ gradePass: null }), cell({ gradePass: true }), { current: false, baseline: true })).toEqual({ change: 'changed', reason: 'pass → not checked' });
    expect(classifyCell(cell({ outputText: 'b' }), cell({ outputText: 'a' }), { current: false, baseline: false })).toEqual({ change: 'changed', reason: 'output changed' });
  });

  it('new and missing', () => {
    expect(classifyCell(cell({}), undefined, CHECKED).change).toBe('new');
    expect(classifyCell(undefined, cell({}), CHECKED).change).toBe('missing');
  });
});
