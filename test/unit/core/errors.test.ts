import { describe, expect, it } from 'vitest';
import { isUserError, UserError } from '../../../src/core/errors';
import { isRetryable, SupabaseStoreError } from '../../../src/store/supabase/errors';

/** What a UserError looks like when it was thrown by another bundle's copy of the class. */
class OtherBundleUserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable?: boolean,
  ) {
    super(message);
  }
}

describe('isUserError across bundles', () => {
  it('accepts this bundle’s UserError and its subclasses', () => {
    expect(isUserError(new UserError('dataset.read', 'no file'))).toBe(true);
    expect(isUserError(new SupabaseStoreError('denied', 'no access', 'sign in again', false))).toBe(true);
  });

  it('accepts a UserError from another copy of the class', () => {
    const foreign = new OtherBundleUserError('store.unreachable', 'offline');
    expect(foreign instanceof UserError).toBe(false);
    expect(isUserError(foreign)).toBe(true);
  });

  it('rejects other errors and look-alikes without a code', () => {
    expect(isUserError(new Error('boom'))).toBe(false);
    expect(isUserError(Object.assign(new Error('x'), { name: 'UserError' }))).toBe(false);
    expect(isUserError({ name: 'UserError', code: 'cli.usage', message: 'not an Error' })).toBe(false);
  });

  it('isRetryable reads a foreign SupabaseStoreError by its shape', () => {
    expect(isRetryable(new OtherBundleUserError('store.unreachable', 'offline', true))).toBe(true);
    expect(isRetryable(new OtherBundleUserError('store.denied', 'no access', false))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { retryable: true }))).toBe(false);
  });
});
