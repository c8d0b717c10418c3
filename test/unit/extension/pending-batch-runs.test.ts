import { describe, expect, it } from 'vitest';
import { PENDING_BATCH_RUNS_KEY, PendingBatchRuns, type PendingMemento } from '../../../src/extension/runs/pending-batch-runs';

/** globalState as VS Code keeps it: a key → value map, values written by `update`. */
function memento(initial?: unknown): PendingMemento & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>(initial === undefined ? [] : [[PENDING_BATCH_RUNS_KEY, initial]]);
  return {
    values,
    get: (key) => values.get(key),
    update: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

describe('the pending batch runs marker', () => {
  it('nothing stored (a new machine, or every batch folded): nothing pending, startup opens no store', () => {
    expect(new PendingBatchRuns(memento()).any()).toBe(false);
    expect(new PendingBatchRuns(memento([])).any()).toBe(false);
  });

  it('a run is pending from the start of its tracking until its batches are folded', async () => {
    const state = memento();
    const pending = new PendingBatchRuns(state);
    await pending.add('run-a');
    await pending.add('run-b');
    await pending.add('run-a');
    expect(state.values.get(PENDING_BATCH_RUNS_KEY)).toEqual(['run-a', 'run-b']);
    await pending.remove('run-a');
    expect(pending.any()).toBe(true);
    await pending.remove('run-b');
    expect(pending.any()).toBe(false);
  });

  it('resuming from the store replaces it with what it tracks now', async () => {
    const state = memento(['gone', 'still']);
    const pending = new PendingBatchRuns(state);
    await pending.replace(['still', 'found', 'still']);
    expect(state.values.get(PENDING_BATCH_RUNS_KEY)).toEqual(['still', 'found']);
    await pending.replace([]);
    expect(pending.any()).toBe(false);
  });

  it('a value it cannot read counts as pending (resuming finds out), and is replaced on the next add', async () => {
    const state = memento({ not: 'a list' });
    const pending = new PendingBatchRuns(state);
    expect(pending.any()).toBe(true);
    await pending.add('run-a');
    expect(state.values.get(PENDING_BATCH_RUNS_KEY)).toEqual(['run-a']);
  });
});
