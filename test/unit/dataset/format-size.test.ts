import { describe, expect, it } from 'vitest';
import { formatSize } from '../../../src/core/dataset';

describe('formatSize', () => {
  it('writes bytes in the largest unit below 1024 of it', () => {
    expect([null, 0, 812, 1024, 4300, 13 * 1024 * 1024 + 5, 3 * 1024 ** 3].map(formatSize)).toEqual([
      'size unknown',
      '0 B',
      '812 B',
      '1.0 KB',
      '4.2 KB',
      '13 MB',
      '3.0 GB',
    ]);
  });
});
