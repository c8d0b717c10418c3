import { describe, expect, it } from 'vitest';
import { cellIdOf, parseCellId } from '../../../src/core/model/cell-id';

describe('the one cell identity', () => {
  it('names a cell by its place and reads the place back', () => {
    expect(cellIdOf('m-1', 'r-1')).toBe('m-1:r-1');
    expect(parseCellId(cellIdOf('m-1', 'r-1'))).toEqual({ runModelId: 'm-1', datasetRowId: 'r-1' });
    expect(parseCellId(cellIdOf('m-1', null))).toEqual({ runModelId: 'm-1', datasetRowId: null });
  });

  it('reads text that is not a cell id as none', () => {
    for (const text of ['', 'nope', ':r-1', 'm-1:', 'm-1:r-1:x']) expect(parseCellId(text)).toBeNull();
  });
});
