/** The host's split of `init`: first screens in `init`, every other cell once, in dataset order, in valid chunks. */
import { describe, expect, it } from 'vitest';
import { CELL_CHUNK_SIZE, FIRST_SCREEN_ROWS, splitInit } from '../../../src/extension/results/init-chunks';
import { toWebviewMessageSchema, type ToWebviewMessage } from '../../../src/shared/protocol';
import { makeInit } from '../../webview/support/results-fixture';

function initOf(rows: number): Extract<ToWebviewMessage, { type: 'init' }> {
  const message = makeInit(rows);
  if (message.type !== 'init') throw new Error('fixture');
  return message;
}

describe('splitInit', () => {
  it('keeps the first screens’ cells in init and sends the rest once each, in row order, in chunks the webview accepts', () => {
    const full = initOf(1_000);
    // Out of order, as a store may list them.
    full.cells.reverse();
    const { init, chunks } = splitInit(full);
    expect(init.rows).toHaveLength(1_000);
    expect(init.progress).toEqual(full.progress);
    expect(init.cells).toHaveLength(FIRST_SCREEN_ROWS * 3);
    expect(init.cells[0]?.id).toBe('cell-rm-groq-0');
    expect(init.cells.every((cell) => Number(cell.datasetRowId?.slice(4)) < FIRST_SCREEN_ROWS)).toBe(true);
    expect(chunks.map((chunk) => chunk.cells.length)).toEqual([CELL_CHUNK_SIZE, 3_000 - FIRST_SCREEN_ROWS * 3 - CELL_CHUNK_SIZE]);
    const rest = chunks.flatMap((chunk) => chunk.cells);
    expect(rest[0]?.id).toBe(`cell-rm-groq-${FIRST_SCREEN_ROWS}`);
    expect(rest.at(-1)?.id).toBe('cell-rm-sim-999');
    expect(new Set([...init.cells, ...rest].map((cell) => cell.id)).size).toBe(3_000);
    for (const message of [init, ...chunks]) expect(toWebviewMessageSchema.safeParse(message).success).toBe(true);
  });

  it('sends a small run whole in init, and cells of unknown rows after the known ones', () => {
    const full = initOf(5);
    const stray = { ...full.cells[0]!, id: 'stray', datasetRowId: 'row-gone' };
    const { init, chunks } = splitInit({ ...full, cells: [stray, ...full.cells] }, 10, 4);
    expect(init.cells.map((cell) => cell.id)).toEqual(full.cells.map((cell) => cell.id));
    expect(chunks).toEqual([{ type: 'cellsUpdated', cells: [stray] }]);
  });
});
