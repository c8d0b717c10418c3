import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { parsePrompt } from '../../../src/core/prompt';

const withFrontmatter = (...lines: string[]) => ['---', ...lines, '---', 'Classify {{text}}', ''].join('\n');

function parseError(source: string): UserError {
  try {
    parsePrompt(source, 'a.prompt');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a parse error');
}

describe('refinery.assert in the frontmatter', () => {
  it('reads every kind', () => {
    const prompt = parsePrompt(
      withFrontmatter(
        'output: { schema: { label: string } }',
        'refinery.assert:',
        '  - equals: { column: expected }',
        '  - contains: ok',
        '  - regex: "^\\\\w+$"',
        '  - json: true',
        '  - json-schema: true',
        '  - latency-under: 2000',
        '  - cost-under: 0.01',
      ),
      'a.prompt',
    );
    expect(prompt.refinery.assert).toEqual([
      { equals: { column: 'expected' } },
      { contains: 'ok' },
      { regex: '^\\w+$' },
      { json: true },
      { 'json-schema': true },
      { 'latency-under': 2000 },
      { 'cost-under': 0.01 },
    ]);
  });

  it('an unknown kind is reported on its line', () => {
    const error = parseError(withFrontmatter('refinery.assert:', '  - equals: a', '  - startswith: b'));
    expect(error.location).toMatchObject({ file: 'a.prompt', line: 4 });
    expect(error.message).toMatch(/^refinery\.assert\[1\] must be one of equals, contains, regex/);
  });

  it('an invalid regex and a negative latency are reported', () => {
    expect(parseError(withFrontmatter('refinery.assert: [{ regex: "(" }]')).message).toMatch(/refinery\.assert\[0\]/);
    const latency = parseError(withFrontmatter('model: groq/x', 'refinery.assert:', '  - latency-under: -5'));
    expect(latency.location).toMatchObject({ line: 4 });
  });

  it('json-schema without output.schema is an error at the key', () => {
    const error = parseError(withFrontmatter('model: groq/x', 'refinery.assert: [{ json-schema: true }]'));
    expect(error.message).toBe('refinery.assert uses json-schema but the prompt has no output.schema');
    expect(error.location).toMatchObject({ line: 3 });
  });
});
