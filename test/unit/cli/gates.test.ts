import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/core/model/run-config';
import { parseCliArgs } from '../../../src/cli/args';
import { junitXml } from '../../../src/cli/junit-xml';
import { exceedsMaxUngraded, parseMaxUngraded } from '../../../src/cli/max-ungraded';
import { cellRecord, rowsOf, runRecord } from '../compare/fixtures';

describe('--max-ungraded', () => {
  it('takes a count or a percentage; the default is none', () => {
    expect(parseCliArgs(['run', 'p.prompt', '--max-ungraded', '3']).maxUngraded).toEqual({ kind: 'count', count: 3 });
    expect(parseCliArgs(['run', 'p.prompt', '--max-ungraded', '12.5%']).maxUngraded).toEqual({ kind: 'share', ratio: 0.125 });
    expect(parseCliArgs(['run', 'p.prompt']).maxUngraded).toBeUndefined();
  });

  it.each(['-1', '1.5', '0.1', 'ten', '%', '101%', ''])('refuses %j with a usage error', (value) => {
    expect(() => parseMaxUngraded(value)).toThrow(/--max-ungraded takes a number of cells \(5\) or a percentage of the cells \(10%\)/);
  });

  it('fails only above the limit: a share is of all the cells, exact at the boundary', () => {
    expect(exceedsMaxUngraded(0, 20, { kind: 'count', count: 0 })).toBe(false);
    expect(exceedsMaxUngraded(1, 20, { kind: 'count', count: 0 })).toBe(true);
    expect(exceedsMaxUngraded(2, 20, { kind: 'share', ratio: 0.1 })).toBe(false);
    expect(exceedsMaxUngraded(3, 20, { kind: 'share', ratio: 0.1 })).toBe(true);
    expect(exceedsMaxUngraded(3, 30, { kind: 'share', ratio: 0.1 })).toBe(false); // 0.1 × 30 is 3.0000000000000004 in floats
  });
});

describe('junitXml', () => {
  const graded = { ...runRecord('R', ['sim/a']), graderTexts: { 'judge.prompt': 'text' } };
  const ungradedGrade = { grader: 'judge.prompt', score: null, pass: null, reason: 'no JSON object <here>', state: 'ungraded' as const, costUsd: 0 };
  const cells = [
    cellRecord('R', 'sim/a', 0, { gradePass: true, gradeScore: 1 }),
    cellRecord('R', 'sim/a', 1, { gradePass: false, gradeScore: 0, grades: [{ grader: 'judge.prompt', score: 0, pass: false, reason: 'wrong', state: 'graded', costUsd: 0 }] }),
    cellRecord('R', 'sim/a', 2, { grades: [ungradedGrade] }),
    cellRecord('R', 'sim/a', 3, { status: 'failed', outputText: null, errorText: 'HTTP 500' }),
  ];

  it('reports an ungraded cell as an <error> with its reason, beside errored cells and failures', () => {
    const xml = junitXml(graded, cells, rowsOf('R', 4));
    expect(xml).toContain('<testsuites name="refinery run R" tests="4" failures="1" errors="2" skipped="0">');
    expect(xml).toContain('<testsuite name="sim/a" tests="4" failures="1" errors="2" skipped="0"');
    expect(xml).toContain('name="row 2" time="0.100">\n      <error type="ungraded" message="ungraded: judge.prompt: no JSON object &lt;here&gt;">');
    expect(xml).toContain('name="row 3" time="0.100">\n      <error type="error" message="HTTP 500">');
    expect(xml).toContain('<failure message="judge.prompt: wrong">');
    expect(xml).toContain('<testcase classname="sim/a" name="row 0" time="0.100"/>');
  });

  it('marks the cells of a run without checks as skipped, not passed', () => {
    const plain = { ...runRecord('P', ['sim/a']), config: parseRunConfig({ assertions: [] }) };
    const xml = junitXml(plain, [cellRecord('P', 'sim/a', 0)], rowsOf('P', 1));
    expect(xml).toContain('tests="1" failures="0" errors="0" skipped="1"');
    expect(xml).toContain('<skipped message="no grader or assertion checks this prompt"/>');
  });
});
