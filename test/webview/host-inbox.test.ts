/** The webview's inbox: in order, invalid messages dropped, a paint after `init`, yields between big batches. */
import { describe, expect, it } from 'vitest';
import type { ToWebviewMessage } from '../../src/shared/protocol';
import { HostInbox, type InboxScheduler } from '../../webview-ui/src/host-inbox';
import { makeCells, makeInit } from './support/results-fixture';

function manualScheduler() {
  const pending: { when: 'afterPaint' | 'later'; run: () => void }[] = [];
  let clock = 0;
  const scheduler: InboxScheduler = {
    afterPaint: (run) => pending.push({ when: 'afterPaint', run }),
    later: (run) => pending.push({ when: 'later', run }),
    now: () => clock,
  };
  return {
    scheduler,
    pending,
    advance: (ms: number) => (clock += ms),
    runNext: () => pending.shift()?.run(),
  };
}

describe('HostInbox', () => {
  it('handles init at once, the batches after it only after a paint, in order, one task per budget', () => {
    const tasks = manualScheduler();
    const handled: string[] = [];
    const inbox = new HostInbox((message: ToWebviewMessage) => {
      handled.push(message.type === 'cellsUpdated' ? `cells:${message.cells[0]?.id}` : message.type);
      tasks.advance(10); // each message takes more than the task budget
    }, tasks.scheduler);
    const cells = makeCells(2);
    inbox.receive(makeInit(1, { cells: [] }));
    inbox.receive({ type: 'cellsUpdated', cells: [cells[0]] });
    inbox.receive({ type: 'cellsUpdated', cells: 'not cells' });
    inbox.receive({ type: 'cellsUpdated', cells: [cells[1]] });
    inbox.receive({ type: 'runStatus', status: 'completed', done: 2, total: 2 });
    expect(handled).toEqual(['init']);
    expect(tasks.pending.map((task) => task.when)).toEqual(['afterPaint']);
    tasks.runNext();
    expect(handled).toEqual(['init', `cells:${cells[0]!.id}`]);
    expect(tasks.pending.map((task) => task.when)).toEqual(['later']);
    tasks.runNext();
    // The invalid batch is dropped (with a warning), not handled.
    expect(handled).toEqual(['init', `cells:${cells[0]!.id}`, `cells:${cells[1]!.id}`]);
    tasks.runNext();
    expect(handled.at(-1)).toBe('runStatus');
    expect(tasks.pending).toEqual([]);
    // Idle again: the next message is handled at once.
    inbox.receive({ type: 'showError', message: 'boom' });
    expect(handled.at(-1)).toBe('showError');
  });
});
