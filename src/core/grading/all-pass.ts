/**
 * Whether every check passed, in three values: false as soon as one check failed (whatever the
 * others say), null when none failed but one gave no verdict (it could still fail), true when all
 * passed. Null for no checks at all: nothing passed.
 */
export function allPass(flags: ReadonlyArray<boolean | null>): boolean | null {
  if (flags.length === 0) return null;
  if (flags.includes(false)) return false;
  return flags.includes(null) ? null : true;
}
