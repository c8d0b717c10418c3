import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { cellOutcome, countOutcomes, passRateOf, runHasChecks, ungradedReason, type OutcomeCell } from '../../../src/core/stats';

const done = (gradePass: boolean | null, manualPass: boolean | null = null): OutcomeCell => ({ status: 'completed', gradePass, manualPass });
const errored: OutcomeCell = { status: 'failed', gradePass: null, manualPass: null };

describe('cellOutcome: the one definition of passed, failed and ungraded', () => {
  it.each([
    ['a pass', done(true), true, 'passed'],
    ['a fail', done(false), true, 'failed'],
    ['no verdict in a run with checks', done(null), true, 'ungraded'],
    ['no verdict in a run without checks', done(null), false, 'unchecked'],
    ['an errored cell, checks or not', errored, true, 'errored'],
    ['an errored cell without checks', errored, false, 'errored'],
  ] as const)('%s → %s', (_name, cell, checked, outcome) => {
    expect(cellOutcome(cell, { checked })).toBe(outcome);
  });

  it('leaves manual grades out unless asked; then a person decides over the grader, on completed cells only', () => {
    expect(cellOutcome(done(null, true), { checked: true })).toBe('ungraded');
    expect(cellOutcome(done(null, true), { checked: true, manual: true })).toBe('passed');
    expect(cellOutcome(done(true, false), { checked: true, manual: true })).toBe('failed');
    expect(cellOutcome(done(null, false), { checked: false, manual: true })).toBe('failed');
    expect(cellOutcome({ ...errored, manualPass: true }, { checked: true, manual: true })).toBe('errored');
  });
});

describe('passRateOf', () => {
  it('is over every cell of a run with checks: ungraded and errored cells are not passed', () => {
    const counts = countOutcomes([done(true), done(true), done(false), done(null), errored], { checked: true });
    expect(counts).toEqual({ passed: 2, failed: 1, ungraded: 1, errored: 1, unchecked: 0 });
    expect(passRateOf(counts, true)).toBe(0.4);
  });

  it('is null without checks (nothing to pass), or over the cells people graded', () => {
    expect(passRateOf(countOutcomes([done(null), errored], { checked: false }), false)).toBeNull();
    expect(passRateOf(countOutcomes([done(null, true), done(null, false), done(null), errored], { checked: false, manual: true }), false)).toBe(0.5);
    expect(passRateOf(countOutcomes([], { checked: true }), true)).toBeNull();
  });
});

describe('runHasChecks', () => {
  const run = (graderTexts: Record<string, string>, config: Record<string, never[] | string[]> = {}) => ({ graderTexts, config: parseRunConfig(config) });

  it('reads the graders and the assertions the run stored', () => {
    expect(runHasChecks(run({ 'judge.prompt': 'text' }, { assertions: [] }))).toBe(true);
    expect(runHasChecks(run({}, { assertions: ['assert:equals'] }))).toBe(true);
    expect(runHasChecks(run({}, { assertions: [] }), [{ gradePass: true, gradeScore: null }])).toBe(false);
  });

  it('for a run stored before assertions were kept, goes by whether a cell has a verdict or a score', () => {
    expect(runHasChecks(run({}), [{ gradePass: null, gradeScore: null }])).toBe(false);
    expect(runHasChecks(run({}), [{ gradePass: null, gradeScore: null }, { gradePass: false, gradeScore: null }])).toBe(true);
  });
});

describe('ungradedReason', () => {
  it('names each ungraded grader with its reason, or says no grader ran', () => {
    const grades = [
      { grader: 'label.prompt', state: 'graded' as const, reason: 'right' },
      { grader: 'tone.prompt', state: 'ungraded' as const, reason: 'no JSON object or <response> block with a score or pass field was found' },
    ];
    expect(ungradedReason({ grades, gradeReason: null })).toBe('tone.prompt: no JSON object or <response> block with a score or pass field was found');
    expect(ungradedReason({ grades: [], gradeReason: null })).toBe('no grader ran on this cell');
  });
});
