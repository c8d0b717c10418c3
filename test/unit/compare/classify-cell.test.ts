import { describe, expect, it } from 'vitest';
import { classifyCell } from '../../../src/core/compare';
import { cellRecord } from './fixtures';

const cell = (fields: Parameters<typeof cellRecord>[3]) => cellRecord('r', 'sim/a', 0, fields);

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
    ['ungraded → pass', { gradePass: null }, { gradePass: true }, 'changed', 'ungraded → pass'],
    ['a manual grade overrides the grader', { gradePass: true }, { gradePass: true, manualPass: false }, 'regressed', 'pass → fail'],
  ] as const)('%s', (_name, before, after, change, reason) => {
    expect(classifyCell(cell(after), cell(before))).toEqual({ change, reason });
  });

  it('new and missing', () => {
    expect(classifyCell(cell({}), undefined).change).toBe('new');
    expect(classifyCell(undefined, cell({})).change).toBe('missing');
  });
});
