import { describe, expect, it } from 'vitest';
import { AnswerPacer } from '../../../src/core/providers/answer-pacer';

/** Resolves after one more turn of the event loop (an immediate queued now runs in the next check phase). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('AnswerPacer', () => {
  it('releases answers in arrival order, at most perTurn per event-loop turn, none lost', async () => {
    const pacer = new AnswerPacer(2);
    const released: Array<{ answer: number; turn: number }> = [];
    let turn = 0;
    for (let answer = 0; answer < 5; answer++) pacer.defer(() => released.push({ answer, turn }));
    expect(released).toEqual([]); // never in the turn the answers arrived
    expect(pacer.pending).toBe(5);
    while (pacer.pending > 0) {
      turn++;
      await nextTurn();
    }
    expect(released.map((r) => r.answer)).toEqual([0, 1, 2, 3, 4]);
    const perTurn = new Map<number, number>();
    for (const r of released) perTurn.set(r.turn, (perTurn.get(r.turn) ?? 0) + 1);
    expect([...perTurn.values()]).toEqual([2, 2, 1]);
  });

  it('takes answers deferred while it drains, and starts again after running empty', async () => {
    const pacer = new AnswerPacer(1);
    const released: string[] = [];
    pacer.defer(() => {
      released.push('a');
      pacer.defer(() => released.push('c')); // e.g. the follow-up request answered at once
    });
    pacer.defer(() => released.push('b'));
    for (let i = 0; i < 4; i++) await nextTurn();
    expect(released).toEqual(['a', 'b', 'c']);
    expect(pacer.pending).toBe(0);
    pacer.defer(() => released.push('d'));
    await nextTurn();
    await nextTurn();
    expect(released).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never releases an answer in the turn it was deferred, even from a release with budget left', async () => {
    const pacer = new AnswerPacer(2);
    const released: string[] = [];
    pacer.defer(() => {
      released.push('a');
      pacer.defer(() => released.push('b'));
    });
    await nextTurn();
    expect(released).toEqual(['a']);
    await nextTurn();
    expect(released).toEqual(['a', 'b']);
  });
});
