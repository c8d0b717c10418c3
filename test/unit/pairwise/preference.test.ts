import { describe, expect, it } from 'vitest';
import { combineOrders, parsePreference, type OrderVerdict } from '../../../src/core/pairwise';

describe('parsePreference: A, B or tie, as graders answer', () => {
  it.each([
    ['{"winner": "A", "reason": "more precise"}', 'A', 'more precise'],
    ['Here is my verdict:\n```json\n{"preference": "output_b"}\n```', 'B', ''],
    ['{"choice": "Tie"}', 'tie', ''],
    ['<response>\nwinner: B\nreason: shorter and right\n</response>', 'B', 'shorter and right'],
    ['<response>A</response>', 'A', ''],
    ['<response>{"better": "Response A"}</response>', 'A', ''],
    ['{"verdict": "both"}', 'tie', ''],
  ])('%s → %s', (text, choice, reason) => {
    expect(parsePreference(text)).toEqual({ state: 'judged', choice, reason });
  });

  it.each([
    ['', 'the judge answered nothing'],
    ['A is better, I think.', 'no JSON object or <response> block naming a winner'],
    ['{"winner": "C"}', '"winner" must be A, B or tie'],
    ['{"score": 1}', 'no JSON object or <response> block naming a winner'],
  ])('%j is unreadable', (text, reason) => {
    const result = parsePreference(text);
    expect(result.state).toBe('unreadable');
    expect(result.reason).toContain(reason);
  });
});

describe('combineOrders', () => {
  const verdict = (choice: OrderVerdict['choice'], position: OrderVerdict['position']): OrderVerdict => ({ choice, position, reason: '', costUsd: 0 });

  it('agreeing orders decide; disagreeing ones tie; the same position twice is position bias', () => {
    expect(combineOrders(verdict('A', 'first'), verdict('A', 'second'))).toEqual({ outcome: 'A', followedPosition: false });
    expect(combineOrders(verdict('A', 'first'), verdict('B', 'first'))).toEqual({ outcome: 'tie', followedPosition: true });
    expect(combineOrders(verdict('B', 'second'), verdict('A', 'second'))).toEqual({ outcome: 'tie', followedPosition: true });
    expect(combineOrders(verdict('tie', 'tie'), verdict('tie', 'tie'))).toEqual({ outcome: 'tie', followedPosition: false });
    expect(combineOrders(verdict('A', 'first'), verdict('tie', 'tie'))).toEqual({ outcome: 'tie', followedPosition: false });
    expect(combineOrders(verdict(null, null), verdict('A', 'second'))).toEqual({ outcome: 'ungraded', followedPosition: false });
  });
});
