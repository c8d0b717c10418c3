import { describe, expect, it } from 'vitest';
import { createIdGenerator, newRowId } from '../../../src/store/local/ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function millisecondsOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('row ids (UUID version 7)', () => {
  it('are version 7, variant 10, and carry the current Unix time in milliseconds', () => {
    const before = Date.now();
    const id = newRowId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(id)).toBeLessThanOrEqual(after);
  });

  it('strictly increase, many to a millisecond, and are unique', () => {
    const ids = Array.from({ length: 20_000 }, () => newRowId());
    expect(ids.every((id, i) => i === 0 || (ids[i - 1] ?? '') < id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep increasing past 4,096 ids in one millisecond, and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const next = createIdGenerator(() => now);
    const ids = Array.from({ length: 5000 }, () => next());
    now -= 10_000;
    ids.push(next(), next());
    expect(ids.every((id, i) => i === 0 || (ids[i - 1] ?? '') < id)).toBe(true);
    expect(millisecondsOf(ids[0] ?? '')).toBe(1_700_000_000_000);
    expect(millisecondsOf(ids[4095] ?? '')).toBe(1_700_000_000_000);
    expect(millisecondsOf(ids[4096] ?? '')).toBe(1_700_000_000_001);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });
});
