import { describe, expect, it } from 'vitest';
import { parseVerdict, type Verdict } from '../../../src/core/grading';

function graded(verdict: Verdict): Extract<Verdict, { state: 'graded' }> {
  if (verdict.state !== 'graded') throw new Error(`expected a graded verdict, got ungraded: ${verdict.reason}`);
  return verdict;
}

function ungraded(verdict: Verdict): Extract<Verdict, { state: 'ungraded' }> {
  if (verdict.state !== 'ungraded') throw new Error(`expected ungraded, got ${JSON.stringify(verdict)}`);
  return verdict;
}

describe('parseVerdict: where the JSON is', () => {
  it('reads plain JSON', () => {
    expect(parseVerdict('{"score": 0.8, "pass": true, "reason": "matches the label"}')).toEqual({
      state: 'graded',
      score: 0.8,
      pass: true,
      reason: 'matches the label',
    });
  });

  it('reads JSON inside a ```json fence', () => {
    const text = '```json\n{"score": 0.25, "reason": "wrong label"}\n```';
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: 0.25, pass: false, reason: 'wrong label' });
  });

  it('reads JSON inside a bare ``` fence with prose around it', () => {
    const text = 'Here is my assessment.\n```\n{"score": 1, "reason": "exact"}\n```\nLet me know if you need more.';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 1, pass: true, reason: 'exact' });
  });

  it('reads JSON amid prose without a fence', () => {
    const text = 'After careful thought, my verdict is {"pass": false, "reason": "off topic"} and that is final.';
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: 0, pass: false, reason: 'off topic' });
  });

  it('skips prose braces that are not JSON', () => {
    const text = 'I compared {output} with {expected} and {"label" or "tag"}. {"score": 1, "pass": true, "reason": "same"}';
    expect(graded(parseVerdict(text)).reason).toBe('same');
  });

  it('finds a complete verdict nested in a wrapper that was cut off', () => {
    const text = '{"result": {"score": 0.7, "reason": "ok"}, "notes": "the judge went on and on';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 0.7, reason: 'ok' });
  });

  it('finds the verdict inside a wrapper object', () => {
    const text = '{"evaluation": {"score": 4, "reason": "mostly right"}, "model": "judge-1"}';
    expect(parseVerdict(text, { scale: { min: 1, max: 5 } })).toEqual({
      state: 'graded',
      score: 0.75,
      pass: true,
      reason: 'mostly right',
    });
  });

  it('takes the outer object when it carries the verdict itself', () => {
    const text = '{"details": {"grade": 0.1}, "score": 0.9, "reason": "outer"}';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 0.9, reason: 'outer' });
  });

  it('looks inside a "verdict" key that holds an object rather than a flag', () => {
    const text = '{"verdict": {"score": 0.6, "reason": "inner"}}';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 0.6, pass: true, reason: 'inner' });
  });

  it('finds the verdict in a top-level array', () => {
    expect(graded(parseVerdict('[{"score": 0.3, "reason": "r"}]'))).toMatchObject({ score: 0.3, pass: false });
  });

  it('ignores braces inside JSON strings', () => {
    const text = '{"reason": "the output {x} closes } early and opens { late", "score": 1}';
    expect(graded(parseVerdict(text)).reason).toBe('the output {x} closes } early and opens { late');
  });

  it('handles escaped quotes next to braces inside strings', () => {
    const text = String.raw`{"reason": "he wrote \"}\" then \\", "score": 0}`;
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: 0, pass: false, reason: 'he wrote "}" then \\' });
  });

  it('takes the first of two JSON verdicts', () => {
    const text = '{"score": 0.2, "reason": "first"}\nOn reflection:\n{"score": 0.9, "reason": "second"}';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 0.2, reason: 'first' });
  });

  it('skips a JSON object without verdict fields and takes the next one', () => {
    const text = '{"notes": "looked at tone"} then {"score": 1, "reason": "fine"}';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 1, reason: 'fine' });
  });
});

describe('parseVerdict: field names and values', () => {
  it.each([
    ['{"grade": 0.7}', 0.7],
    ['{"rating": 0.4}', 0.4],
    ['{"Score": 0.6}', 0.6],
    ['{"score": "0.75"}', 0.75],
    ['{"score": " 1 "}', 1],
    ['{"score": 0}', 0],
  ])('reads the score from %s', (text, score) => {
    expect(graded(parseVerdict(text)).score).toBe(score);
  });

  it.each([
    ['{"pass": true}', true],
    ['{"passed": false}', false],
    ['{"pass_fail": "PASS"}', true],
    ['{"Pass-Fail": "fail"}', false],
    ['{"verdict": "Pass"}', true],
    ['{"verdict": "failed"}', false],
    ['{"pass": "yes"}', true],
    ['{"pass": "no"}', false],
    ['{"pass": "true"}', true],
    ['{"pass": "False"}', false],
  ])('reads the pass flag from %s', (text, pass) => {
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: pass ? 1 : 0, pass, reason: '' });
  });

  it.each([
    ['reasoning', 'r1'],
    ['explanation', 'r2'],
    ['rationale', 'r3'],
    ['Reason', 'r4'],
  ])('reads the reason from "%s"', (key, reason) => {
    expect(graded(parseVerdict(`{"score": 1, "${key}": "  ${reason} "}`)).reason).toBe(reason);
  });

  it('prefers "score" over its aliases when both are present', () => {
    expect(graded(parseVerdict('{"rating": 0.1, "score": 0.9}')).score).toBe(0.9);
  });

  it('derives pass from the score at the default threshold of 0.5, inclusive', () => {
    expect(graded(parseVerdict('{"score": 0.5}')).pass).toBe(true);
    expect(graded(parseVerdict('{"score": 0.49}')).pass).toBe(false);
  });

  it('derives pass with a custom threshold on the normalised score', () => {
    expect(graded(parseVerdict('{"score": 4}', { scale: { min: 1, max: 5 }, passThreshold: 0.8 })).pass).toBe(false);
    expect(graded(parseVerdict('{"score": 5}', { scale: { min: 1, max: 5 }, passThreshold: 0.8 })).pass).toBe(true);
  });

  it('keeps an explicit pass flag even when the score disagrees with the threshold', () => {
    expect(graded(parseVerdict('{"score": 0.2, "pass": true}'))).toMatchObject({ score: 0.2, pass: true });
    expect(graded(parseVerdict('{"score": 0.9, "pass": false}'))).toMatchObject({ score: 0.9, pass: false });
  });

  it('normalises a declared scale to 0–1', () => {
    const oneToFive = { scale: { min: 1, max: 5 } };
    expect(graded(parseVerdict('{"score": 1}', oneToFive)).score).toBe(0);
    expect(graded(parseVerdict('{"score": 3}', oneToFive)).score).toBe(0.5);
    expect(graded(parseVerdict('{"score": 5}', oneToFive)).score).toBe(1);
    expect(graded(parseVerdict('{"score": 7}', { scale: { min: 0, max: 10 } })).score).toBe(0.7);
    // (33.3 − 0) / 100 is 0.33299999999999996 in floats
    expect(graded(parseVerdict('{"score": 33.3}', { scale: { min: 0, max: 100 } })).score).toBe(0.333);
  });

  it('treats null fields as missing', () => {
    expect(parseVerdict('{"score": null, "pass": true, "reason": null}')).toEqual({
      state: 'graded',
      score: 1,
      pass: true,
      reason: '',
    });
  });
});

describe('parseVerdict: what it refuses', () => {
  it.each([
    ['{"score": 7}', { min: 1, max: 5 }, 'score 7 is outside the scale 1–5'],
    ['{"score": 0}', { min: 1, max: 5 }, 'score 0 is outside the scale 1–5'],
    ['{"score": 1.5}', undefined, 'score 1.5 is outside the scale 0–1'],
    ['{"score": -0.1}', undefined, 'score -0.1 is outside the scale 0–1'],
  ])('marks an out-of-range score %s ungraded', (text, scale, reason) => {
    expect(parseVerdict(text, scale ? { scale } : {})).toEqual({ state: 'ungraded', reason, raw: text });
  });

  it.each([
    ['{"score": true}', '"score" must be a number, got boolean true'],
    ['{"score": "high"}', '"score" must be a number, got "high"'],
    ['{"grade": "4/5"}', '"grade" must be a number, got "4/5"'],
    ['{"score": 1, "pass": "maybe"}', '"pass" must be true/false, yes/no or pass/fail, got "maybe"'],
    ['{"score": 1, "pass": 1}', '"pass" must be true/false, yes/no or pass/fail, got number 1'],
    ['{"score": 1, "reason": 42}', '"reason" must be text, got number 42'],
    ['{"score": 1, "reason": ["a", "b"]}', '"reason" must be text, got an array'],
  ])('marks wrong types in %s ungraded', (text, problem) => {
    expect(ungraded(parseVerdict(text)).reason).toBe(`wrong type in the verdict: ${problem}`);
  });

  it('lists every wrong field at once', () => {
    expect(ungraded(parseVerdict('{"score": "x", "pass": 2}')).reason).toBe(
      'wrong type in the verdict: "score" must be a number, got "x"; "pass" must be true/false, yes/no or pass/fail, got number 2',
    );
  });

  it('shortens a long wrong value in the reason', () => {
    const text = JSON.stringify({ score: 'a'.repeat(100) });
    expect(ungraded(parseVerdict(text)).reason).toBe(`wrong type in the verdict: "score" must be a number, got "${'a'.repeat(40)}…"`);
  });

  it.each(['', '   \n\t'])('marks an empty answer %j ungraded', (text) => {
    expect(parseVerdict(text)).toEqual({ state: 'ungraded', reason: 'the grader answered nothing', raw: text });
  });

  it('marks truncated JSON ungraded and says it was cut off', () => {
    const text = '```json\n{"score": 0.8, "reason": "the output mentions';
    const verdict = ungraded(parseVerdict(text));
    expect(verdict.reason).toMatch(/cut off/);
    expect(verdict.raw).toBe(text);
  });

  it('marks prose without a verdict ungraded', () => {
    expect(ungraded(parseVerdict('The output looks correct to me.')).reason).toBe(
      'no JSON object or <response> block with a score or pass field was found',
    );
  });

  it('marks JSON without verdict fields ungraded', () => {
    expect(ungraded(parseVerdict('{"reason": "good", "label": "billing"}')).reason).toMatch(/no JSON object/);
  });

  it('marks a verdict with neither score nor pass ungraded, keeping the reason given', () => {
    expect(ungraded(parseVerdict('{"score": null, "reason": "cannot judge"}')).reason).toBe(
      'the verdict has neither a score nor a pass flag (reason given: cannot judge)',
    );
  });

  it('marks an impossible scale ungraded instead of throwing', () => {
    expect(ungraded(parseVerdict('{"score": 1}', { scale: { min: 5, max: 1 } })).reason).toMatch(/not a range/);
    expect(ungraded(parseVerdict('{"score": 1}', { scale: { min: 0, max: Number.NaN } })).reason).toMatch(/not a range/);
  });

  it('never throws, even on hostile input, and stays fast', () => {
    const hostile = [
      '{'.repeat(20_000),
      '}{'.repeat(20_000),
      '{"'.repeat(20_000),
      '{ "'.repeat(20_000),
      '{"}'.repeat(20_000),
      '{"\\"'.repeat(20_000),
      '{"": {'.repeat(20_000),
      '<response>'.repeat(5000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      expect(parseVerdict(text).state).toBe('ungraded');
      expect(performance.now() - started, text.slice(0, 10)).toBeLessThan(1500);
    }
    expect(parseVerdict(undefined as unknown as string).state).toBe('ungraded');
  });

  it('finds a verdict after a long echo of the JSON being graded', () => {
    const echoed = Array.from({ length: 2000 }, (_, index) => JSON.stringify({ id: index, label: 'billing' })).join('\n');
    const text = `The output was:\n${echoed}\nVerdict: {"score": 1, "reason": "all labelled"}`;
    expect(graded(parseVerdict(text))).toMatchObject({ score: 1, reason: 'all labelled' });
  });
});

describe('parseVerdict: <response> tags', () => {
  it('reads JSON inside the tags', () => {
    const text = 'Thinking aloud...\n<response>{"score": 0.9, "pass": true, "reason": "good"}</response>';
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: 0.9, pass: true, reason: 'good' });
  });

  it('ignores JSON outside the tags when tags are present', () => {
    const text = 'The format asks for {"score": 0, "reason": "example"}.\n<response>{"score": 1, "reason": "real"}</response>';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 1, reason: 'real' });
  });

  it('reads key: value lines, with markdown bold and a reason over several lines', () => {
    const text = [
      '<response>',
      '**Score:** 4',
      '- Pass: yes',
      'Reason: the label is right',
      '  but the tone is curt.',
      '</response>',
    ].join('\n');
    expect(parseVerdict(text, { scale: { min: 1, max: 5 } })).toEqual({
      state: 'graded',
      score: 0.75,
      pass: true,
      reason: 'the label is right but the tone is curt.',
    });
  });

  it('reads key = value lines and quoted values', () => {
    const text = '<RESPONSE>\nverdict = "fail"\nexplanation = \'missing locale\'\n</RESPONSE>';
    expect(parseVerdict(text)).toEqual({ state: 'graded', score: 0, pass: false, reason: 'missing locale' });
  });

  it('keeps the first value of a repeated key', () => {
    const text = '<response>\nscore: 0.2\nscore: 0.9\n</response>';
    expect(graded(parseVerdict(text)).score).toBe(0.2);
  });

  it('reads a response cut off before its closing tag', () => {
    const text = '<response>\nscore: 0.6\nreason: partly right, missing';
    expect(graded(parseVerdict(text))).toMatchObject({ score: 0.6, pass: true, reason: 'partly right, missing' });
  });

  it('marks wrong values in key: value lines ungraded', () => {
    expect(ungraded(parseVerdict('<response>\nscore: four\n</response>')).reason).toBe(
      'wrong type in the verdict: "score" must be a number, got "four"',
    );
  });

  it('marks a response block without a verdict ungraded', () => {
    expect(ungraded(parseVerdict('<response>Looks fine.</response>')).reason).toMatch(/no JSON object or <response> block/);
  });

  it('reports a JSON verdict cut off inside the tags', () => {
    expect(ungraded(parseVerdict('<response>{"score": 0.8, "reason": "cut')).reason).toMatch(/cut off/);
  });

  it('uses the first response block that holds a verdict', () => {
    const text = '<response>draft</response>\n<response>{"score": 0.4}</response>\n<response>{"score": 1}</response>';
    expect(graded(parseVerdict(text)).score).toBe(0.4);
  });
});
