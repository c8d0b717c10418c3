import { describe, expect, it } from 'vitest';
import { profileColumns } from '../../../src/core/dataset';
import type { JsonValue } from '../../../src/core/model';

describe('profileColumns', () => {
  it('guesses each column from its non-empty values and counts the empty ones', () => {
    const rows: Array<Record<string, JsonValue>> = [
      { id: '1', price: '2.50', ok: 'true', when: '2026-12-01', note: 'hello', tags: ['a'], blank: '' },
      { id: '2', price: '3', ok: 'FALSE', when: '2026-12-02T10:00:00Z', note: '', tags: null, blank: '  ' },
      { id: 3, price: 4.25, ok: false, when: '', note: '42', tags: { x: 1 } },
    ];
    expect(profileColumns(['id', 'price', 'ok', 'when', 'note', 'tags', 'blank', 'absent'], rows)).toEqual([
      { name: 'id', type: 'integer', empty: 0 },
      { name: 'price', type: 'number', empty: 0 },
      { name: 'ok', type: 'boolean', empty: 0 },
      { name: 'when', type: 'date', empty: 1 },
      { name: 'note', type: 'text', empty: 1 },
      { name: 'tags', type: 'json', empty: 1 },
      { name: 'blank', type: 'empty', empty: 3 },
      { name: 'absent', type: 'empty', empty: 3 },
    ]);
  });

  it('calls a column whose values disagree text', () => {
    expect(profileColumns(['mixed'], [{ mixed: '12' }, { mixed: 'true' }])).toEqual([{ name: 'mixed', type: 'text', empty: 0 }]);
    expect(profileColumns(['d'], [{ d: '2026-13-45' }])).toEqual([{ name: 'd', type: 'text', empty: 0 }]);
  });
});
