import { describe, expect, it } from 'vitest';
import { decideSync, type SyncAction, type SyncReason, type SyncSides } from '../../../src/core/sync';

/**
 * Every combination, up to renaming the hashes: each side is absent or holds a hash, and the
 * present ones are equal or not. `-` is absent; letters name distinct hashes.
 * Columns: local, remote, base.
 */
const TABLE: Array<{ sides: [string, string, string]; action: SyncAction; reason: SyncReason; why: string }> = [
  { sides: ['-', '-', '-'], action: 'nothing', reason: 'never-seen', why: 'no side knows the path' },
  { sides: ['-', '-', 'a'], action: 'forget', reason: 'both-deleted', why: 'deleted on both sides: only the base is left to drop' },
  { sides: ['a', '-', '-'], action: 'push', reason: 'new-local', why: 'a new file the store has never seen' },
  { sides: ['-', 'a', '-'], action: 'pull', reason: 'new-remote', why: 'a row this workspace has never seen' },
  { sides: ['a', 'a', '-'], action: 'record', reason: 'first-sync-equal', why: 'first sync, same text both sides' },
  { sides: ['a', 'b', '-'], action: 'conflict', reason: 'first-sync-different', why: 'first sync, different texts, no base to tell who changed' },
  { sides: ['-', 'a', 'a'], action: 'local-deleted', reason: 'deleted-locally', why: 'file deleted, row unchanged: ask before deleting the row' },
  { sides: ['-', 'a', 'b'], action: 'local-deleted', reason: 'deleted-locally-changed-remotely', why: 'file deleted while the row changed: ask' },
  { sides: ['a', '-', 'a'], action: 'remote-deleted', reason: 'deleted-remotely', why: 'row deleted, file unchanged: ask before deleting the file' },
  { sides: ['a', '-', 'b'], action: 'remote-deleted', reason: 'deleted-remotely-changed-locally', why: 'row deleted while the file changed: ask' },
  { sides: ['a', 'a', 'a'], action: 'nothing', reason: 'in-sync', why: 'nothing changed' },
  { sides: ['a', 'a', 'b'], action: 'record', reason: 'same-change-both-sides', why: 'both sides made the same change' },
  { sides: ['a', 'b', 'b'], action: 'push', reason: 'changed-locally', why: 'only the file changed' },
  { sides: ['a', 'b', 'a'], action: 'pull', reason: 'changed-remotely', why: 'only the row changed' },
  { sides: ['a', 'b', 'c'], action: 'conflict', reason: 'changed-both-sides', why: 'both changed, differently' },
];

const HASHES = ['h1', 'h2', 'h3'];
const absentOr = [undefined, ...HASHES];

/** Renames the hashes of an assignment to the table's letters in order of first appearance. */
function pattern(sides: SyncSides): string {
  const names = new Map<string, string>();
  return [sides.local, sides.remote, sides.base]
    .map((hash) => {
      if (hash === undefined) return '-';
      if (!names.has(hash)) names.set(hash, 'abc'[names.size] ?? '?');
      return names.get(hash);
    })
    .join('');
}

function sidesOf([local, remote, base]: [string, string, string]): SyncSides {
  const hash = (letter: string) => (letter === '-' ? undefined : `hash-${letter}`);
  return { local: hash(local), remote: hash(remote), base: hash(base) };
}

describe('decideSync', () => {
  it.each(TABLE)('$sides → $action ($why)', ({ sides, action, reason }) => {
    expect(decideSync(sidesOf(sides))).toEqual({ action, reason });
  });

  it('the table covers each of the 15 patterns exactly once', () => {
    const patterns = TABLE.map((row) => row.sides.join(''));
    expect(new Set(patterns).size).toBe(15);
    expect(patterns).toHaveLength(15);
  });

  it('every one of the 64 assignments of three hashes decides as its pattern row says', () => {
    const byPattern = new Map(TABLE.map((row) => [row.sides.join(''), row]));
    let checked = 0;
    for (const local of absentOr)
      for (const remote of absentOr)
        for (const base of absentOr) {
          const sides = { local, remote, base };
          const row = byPattern.get(pattern(sides));
          expect(row, `pattern ${pattern(sides)} is in the table`).toBeDefined();
          expect(decideSync(sides)).toEqual({ action: row?.action, reason: row?.reason });
          checked += 1;
        }
    expect(checked).toBe(64);
  });

  it('never decides to delete anything: deletions are always questions', () => {
    const actions = new Set(TABLE.map((row) => row.action));
    expect([...actions].sort()).toEqual(['conflict', 'forget', 'local-deleted', 'nothing', 'pull', 'push', 'record', 'remote-deleted']);
  });
});
