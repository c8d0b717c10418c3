import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { UserError } from '../../../src/core/errors';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));
}

/** Runs `action`, asserts it fails with a UserError, and returns that error for closer checks. */
export async function userErrorFrom(action: () => unknown): Promise<UserError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError, but the action succeeded');
}
