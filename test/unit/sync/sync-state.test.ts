import { describe, expect, it } from 'vitest';
import { SyncState } from '../../../src/extension/sync/sync-state';
import { FakeMemento } from './fakes';

describe('SyncState (workspaceState wrapper)', () => {
  it('keeps bases and queue per account', async () => {
    const memento = new FakeMemento();
    const ada = new SyncState(memento, 'ada');
    await ada.setBase('a.prompt', 'h1');
    await ada.enqueue({ kind: 'sync-path', path: 'a.prompt' });
    const bob = new SyncState(memento, 'bob');
    expect(bob.bases().size).toBe(0);
    expect(bob.queue()).toEqual([]);
    expect(new SyncState(memento, 'ada').bases().get('a.prompt')).toBe('h1');
  });

  it('queues an operation once, and a damaged stored value reads as empty', async () => {
    const memento = new FakeMemento();
    const state = new SyncState(memento, 'ada');
    await state.enqueue({ kind: 'sync-path', path: 'a.prompt' });
    await state.enqueue({ kind: 'sync-path', path: 'a.prompt' });
    await state.enqueue({ kind: 'sync-all' });
    await state.enqueue({ kind: 'sync-all' });
    expect(state.queue()).toEqual([{ kind: 'sync-path', path: 'a.prompt' }, { kind: 'sync-all' }]);
    await memento.update('refinery.sync.queue:ada', [{ kind: 'unknown' }]);
    await memento.update('refinery.sync.bases:ada', 'not a map');
    expect(state.queue()).toEqual([]);
    expect(state.bases().size).toBe(0);
  });
});
