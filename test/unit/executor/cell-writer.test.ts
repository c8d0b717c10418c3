import { describe, expect, it } from 'vitest';
import { CellWriter } from '../../../src/core/executor/cell-writer';
import type { CellInput } from '../../../src/core/model';

function cell(i: number): CellInput {
  return {
    runModelId: 'model',
    datasetRowId: `row-${i}`,
    status: 'completed',
    outputText: `out ${i}`,
    errorText: null,
    latencyMs: 1,
    tokensIn: 1,
    tokensOut: 1,
    tokensCached: 0,
    costUsd: 0,
    gradeScore: null,
    gradePass: null,
    gradeReason: null,
    grades: [],
    attempts: 1,
    providerTiming: {},
    simulated: true,
    samples: [],
  };
}

class RecordingStore {
  batches: CellInput[][] = [];
  failuresLeft = 0;
  saveCells(cells: CellInput[]): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      return Promise.reject(new Error('disk full'));
    }
    this.batches.push(cells);
    return Promise.resolve();
  }
}

describe('CellWriter', () => {
  it('writes full batches as soon as they fill, one write at a time, in order', async () => {
    const store = new RecordingStore();
    const writer = new CellWriter(store, { batchSize: 3, flushIntervalMs: 10_000 });
    for (let i = 0; i < 7; i++) writer.add(cell(i));
    await writer.close();
    expect(store.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(store.batches.flat().map((c) => c.datasetRowId)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `row-${i}`));
    expect(writer.written).toBe(7);
  });

  it('writes a partly filled batch after the flush interval, so a crash loses little', async () => {
    const store = new RecordingStore();
    const writer = new CellWriter(store, { batchSize: 500, flushIntervalMs: 20 });
    writer.add(cell(1));
    writer.add(cell(2));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(store.batches.map((b) => b.length)).toEqual([2]);
    await writer.close();
  });

  it('retries a failed write and loses nothing', async () => {
    const store = new RecordingStore();
    store.failuresLeft = 2;
    const writer = new CellWriter(store, { batchSize: 2, flushIntervalMs: 10_000, maxWriteAttempts: 3 });
    for (let i = 0; i < 4; i++) writer.add(cell(i));
    await writer.close();
    expect(store.batches.flat()).toHaveLength(4);
  });

  it('a batch that failed every attempt is written with a later one; close() then succeeds (the store came back)', async () => {
    const store = new RecordingStore();
    store.failuresLeft = 2;
    const writer = new CellWriter(store, { batchSize: 2, flushIntervalMs: 10_000, maxWriteAttempts: 2 });
    writer.add(cell(1));
    writer.add(cell(2)); // this batch fails both attempts and goes back to the buffer
    await writer.flush();
    expect(store.batches).toHaveLength(0);
    writer.add(cell(3));
    writer.add(cell(4));
    await writer.close();
    expect(store.batches.flat().map((c) => c.datasetRowId).sort()).toEqual(['row-1', 'row-2', 'row-3', 'row-4']);
    expect(writer.written).toBe(4);
  });

  it('reports cells it could not write instead of dropping them silently', async () => {
    const store = new RecordingStore();
    store.failuresLeft = 100;
    const writer = new CellWriter(store, { batchSize: 2, flushIntervalMs: 10_000, maxWriteAttempts: 2 });
    writer.add(cell(1));
    writer.add(cell(2));
    await expect(writer.close()).rejects.toThrow(/could not save 2 result cell\(s\).*disk full/);
  });
});
