import { describe, expect, it } from 'vitest';
import { graderVariables } from '../../../src/core/grading';

describe('graderVariables', () => {
  it('passes the row through and adds output and expected', () => {
    expect(graderVariables({ ticket: 'refund please', expected: 'billing' }, 'billing')).toEqual({
      ticket: 'refund please',
      expected: 'billing',
      output: 'billing',
    });
  });

  it('sets expected to an empty string when the row has no expected column', () => {
    expect(graderVariables({ ticket: 't' }, 'out')).toEqual({ ticket: 't', output: 'out', expected: '' });
  });

  it('sets expected to an empty string when the expected cell is null', () => {
    expect(graderVariables({ expected: null }, 'out').expected).toBe('');
  });

  it('keeps a non-string expected value as it is', () => {
    expect(graderVariables({ expected: 42 }, 'out').expected).toBe(42);
  });

  it('shadows a dataset column called output with the model output', () => {
    expect(graderVariables({ output: 'from the dataset' }, 'from the model').output).toBe('from the model');
  });

  it('reads expected from a custom column, which shadows a column called expected', () => {
    const row = { ticket: 't', gold_label: 'billing', expected: 'stale' };
    expect(graderVariables(row, 'out', { expectedColumn: 'gold_label' })).toEqual({
      ticket: 't',
      gold_label: 'billing',
      expected: 'billing',
      output: 'out',
    });
  });

  it('does not read inherited properties as the expected column', () => {
    expect(graderVariables({}, 'out', { expectedColumn: 'toString' }).expected).toBe('');
  });

  it('does not modify the row', () => {
    const row = { ticket: 't', output: 'kept' };
    graderVariables(row, 'new');
    expect(row).toEqual({ ticket: 't', output: 'kept' });
  });
});
