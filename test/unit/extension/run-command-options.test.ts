import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors';
import { parseRunCommandOptions } from '../../../src/extension/runs/run-command-options';

describe('parseRunCommandOptions', () => {
  it('reads options given by a test or another extension', () => {
    expect(parseRunCommandOptions({ dataset: 'data/t.csv', models: ['sim/echo'], openResults: false })).toEqual({
      dataset: 'data/t.csv',
      models: ['sim/echo'],
      openResults: false,
    });
  });

  it('ignores what menus pass in that position', () => {
    expect(parseRunCommandOptions([{ scheme: 'file' }])).toBeUndefined();
    expect(parseRunCommandOptions({ groupId: 1 })).toBeUndefined();
    expect(parseRunCommandOptions(undefined)).toBeUndefined();
  });

  it('rejects invalid options with a user error naming the field', () => {
    let error: unknown;
    try {
      parseRunCommandOptions({ models: 'sim/echo' });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^invalid run options at models/);
  });
});
