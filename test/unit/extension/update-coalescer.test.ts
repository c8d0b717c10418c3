import { describe, expect, it } from 'vitest';
import { UpdateCoalescer, type CoalescerTimers } from '../../../src/extension/results/update-coalescer';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: CoalescerTimers = {
    setTimeout(callback, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  };
  return { api, advance, pending: () => timers.size };
}

describe('UpdateCoalescer', () => {
  it('turns 15,000 updates arriving over 3 s into at most one batch per 150 ms', () => {
    const clock = manualTimers();
    const batches: number[][] = [];
    const coalescer = new UpdateCoalescer<number>((batch) => batches.push(batch), 150, clock.api);
    for (let i = 0; i < 15_000; i++) {
      coalescer.add(String(i), i);
      if (i % 5 === 4) clock.advance(1); // 5 cells per millisecond
    }
    coalescer.flush();
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(3_000 / 150) + 1);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(Array.from({ length: 15_000 }, (_, i) => i));
  });

  it('keeps only the latest update of a key in a batch', () => {
    const clock = manualTimers();
    const batches: string[][] = [];
    const coalescer = new UpdateCoalescer<string>((batch) => batches.push(batch), 150, clock.api);
    coalescer.add('a', 'a1');
    coalescer.add('b', 'b1');
    coalescer.add('a', 'a2');
    clock.advance(150);
    expect(batches).toEqual([['b1', 'a2']]);
  });

  it('delivers an update at once after a quiet spell, then waits out the interval', () => {
    const clock = manualTimers();
    const batches: string[][] = [];
    const coalescer = new UpdateCoalescer<string>((batch) => batches.push(batch), 150, clock.api);
    clock.advance(1_000);
    expect(batches).toEqual([]);
    coalescer.add('a', 'a');
    clock.advance(0);
    expect(batches).toEqual([['a']]);
    coalescer.add('b', 'b');
    clock.advance(149);
    expect(batches).toEqual([['a']]);
    clock.advance(1);
    expect(batches).toEqual([['a'], ['b']]);
    expect(clock.pending()).toBe(0);
  });

  it('spaces batches by the interval even when updates keep coming', () => {
    const clock = manualTimers();
    const times: number[] = [];
    const coalescer = new UpdateCoalescer<number>(() => times.push(clock.api.now()), 150, clock.api);
    for (let t = 0; t < 1_000; t += 10) {
      coalescer.add(String(t), t);
      clock.advance(10);
    }
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(150);
  });

  it('flush delivers at once; dispose drops pending updates', () => {
    const clock = manualTimers();
    const batches: string[][] = [];
    const coalescer = new UpdateCoalescer<string>((batch) => batches.push(batch), 150, clock.api);
    coalescer.add('a', 'a');
    coalescer.flush();
    expect(batches).toEqual([['a']]);
    coalescer.add('b', 'b');
    coalescer.dispose();
    clock.advance(1_000);
    expect(batches).toEqual([['a']]);
    expect(coalescer.size).toBe(0);
  });
});
