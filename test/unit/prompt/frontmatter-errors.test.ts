import { describe, expect, it } from 'vitest';
import { UserError, formatUserError } from '../../../src/core/errors';
import { parsePrompt } from '../../../src/core/prompt';
import { fixture, thrown } from './fixtures';

function parseError(source: string, file = 'bad.prompt'): UserError {
  const error = thrown(() => parsePrompt(source, file));
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** A file whose frontmatter is `lines`, so line N of `lines` is line N + 1 of the file. */
function withFrontmatter(...lines: string[]): string {
  return ['---', ...lines, '---', 'Hello {{name}}', ''].join('\n');
}

describe('malformed YAML is reported at the file line and column', () => {
  it('a tab used for indentation on line 4', () => {
    const error = parseError(fixture('bad-yaml-tab.prompt'));
    expect(error.code).toBe('prompt.yaml');
    expect(error.location).toEqual({ file: 'bad.prompt', line: 4, column: 1 });
    expect(error.message).toMatch(/Tabs are not allowed as indentation/);
    expect(error.fix).toMatch(/spaces/);
  });

  it('an unclosed [ on line 4 is reported at the [, not where YAML gave up', () => {
    const error = parseError(fixture('bad-yaml-bracket.prompt'));
    expect(error.code).toBe('prompt.yaml');
    expect(error.location).toEqual({ file: 'bad.prompt', line: 4, column: 18 });
    expect(error.message).toMatch(/^\[ opened here is never closed/);
    expect(error.fix).toBe('add the closing ]');
  });

  it('an unclosed { on the last frontmatter line', () => {
    const error = parseError(withFrontmatter('model: groq/x', 'config: { temperature: 0.2'));
    expect(error.location).toEqual({ file: 'bad.prompt', line: 3, column: 9 });
    expect(error.fix).toBe('add the closing }');
  });

  it('an unclosed quote', () => {
    const error = parseError(withFrontmatter('model: groq/x', 'refinery.dataset: "data/t.csv', 'refinery.repeat: 2'));
    expect(error.location).toMatchObject({ line: 3, column: 19 });
    expect(error.message).toMatch(/quote " opened here is never closed/);
  });

  it('a duplicate key, at the second occurrence', () => {
    const error = parseError(withFrontmatter('model: groq/a', 'config: {}', 'model: groq/b'));
    expect(error.code).toBe('prompt.yaml');
    expect(error.location).toMatchObject({ line: 4, column: 1 });
    expect(error.message).toMatch(/Map keys must be unique/);
  });

  it('frontmatter that is a list instead of a map', () => {
    const error = parseError(withFrontmatter('- model: groq/x'));
    expect(error.code).toBe('prompt.frontmatter');
    expect(error.location).toMatchObject({ line: 2, column: 1 });
  });

  it('prints like a compiler error', () => {
    const text = formatUserError(parseError(fixture('bad-yaml-tab.prompt')));
    expect(text.split('\n')[0]).toBe('bad.prompt:4:1: error: YAML: Tabs are not allowed as indentation');
    expect(text.split('\n')[1]).toMatch(/^ {2}fix: /);
  });
});

describe('refinery.* keys', () => {
  it('an unknown key names the key, its position and the valid keys', () => {
    const error = parseError(fixture('unknown-refinery-key.prompt'));
    expect(error.code).toBe('prompt.frontmatter');
    expect(error.location).toEqual({ file: 'bad.prompt', line: 3, column: 1 });
    expect(error.message).toBe(
      "unknown setting 'refinery.modles'; valid refinery settings: refinery.models, refinery.dataset, refinery.graders, refinery.kind, refinery.concurrency, refinery.repeat, refinery.timeout, refinery.judge, refinery.passThreshold, refinery.assert, refinery.partials, refinery.context, refinery.allowRemoteMedia",
    );
  });

  it('a nested refinery: map is refused with the dotted form as fix', () => {
    const error = parseError(withFrontmatter('refinery:', '  models: [groq/x]'));
    expect(error.location).toMatchObject({ line: 2, column: 1 });
    expect(error.fix).toMatch(/refinery\.models:/);
  });

  it.each([
    ['refinery.kind: judge', 'refinery.kind must be prompt, grader or pairwise, got "judge"'],
    ['refinery.repeat: 0', 'refinery.repeat must be a whole number from 1 to 20, got 0'],
    ['refinery.repeat: 21', 'refinery.repeat must be a whole number from 1 to 20, got 21'],
    ['refinery.repeat: 2.5', 'refinery.repeat must be a whole number from 1 to 20, got 2.5'],
    ['refinery.repeat: "3"', 'refinery.repeat must be a whole number from 1 to 20, got "3"'],
    ['refinery.concurrency: -1', 'refinery.concurrency must be a whole number above 0, got -1'],
    ['refinery.timeout: "30s"', 'refinery.timeout must be a whole number of milliseconds above 0, got "30s"'],
    ['refinery.passThreshold: 1.5', 'refinery.passThreshold must be a number from 0 to 1, got 1.5'],
    ['refinery.dataset: ""', 'refinery.dataset must be a path to a dataset file, got ""'],
    ['refinery.graders: grader.prompt', 'refinery.graders must be a list of grader .prompt paths, got "grader.prompt"'],
    ['refinery.models: []', 'refinery.models must list at least one model, got []'],
    ['refinery.judge: gpt-4o', 'refinery.judge must be a model id of the form provider/model, got "gpt-4o"'],
  ])('%s → %s (at the value)', (line, message) => {
    const error = parseError(withFrontmatter('name: x', line));
    expect(error.code).toBe('prompt.frontmatter');
    expect(error.message).toBe(message);
    expect(error.location).toEqual({ file: 'bad.prompt', line: 3, column: line.indexOf(': ') + 3 });
    expect(error.fix).toMatch(/^write it like "refinery\./);
  });

  it('a bad model inside refinery.models points at that element', () => {
    const error = parseError(withFrontmatter('refinery.models:', '  - groq/llama-3.1-8b-instant', '  - llama3'));
    expect(error.message).toBe('refinery.models[1] must be a model id of the form provider/model, got "llama3"');
    expect(error.location).toMatchObject({ line: 4, column: 5 });
  });

  it('the same model listed twice', () => {
    const error = parseError(withFrontmatter('refinery.models: [groq/a, groq/a]'));
    expect(error.message).toMatch(/lists the same model twice/);
    expect(error.location).toMatchObject({ line: 2, column: 18 });
  });
});

describe('model and config values', () => {
  it.each(['llama-3.1-8b-instant', 'groq/', '/llama', 'groq/llama 3'])('rejects the model id %j at the value', (model) => {
    const error = parseError(withFrontmatter('name: x', `model: ${JSON.stringify(model)}`));
    expect(error.code).toBe('prompt.frontmatter');
    expect(error.message).toBe(`model must be a model id of the form provider/model, got ${JSON.stringify(model)}`);
    expect(error.location).toEqual({ file: 'bad.prompt', line: 3, column: 8 });
    expect(error.fix).toBe('write it like "model: groq/openai/gpt-oss-20b"');
  });

  it.each([
    ['temperature: 2.5', 'config.temperature must be a number from 0 to 2, got 2.5'],
    ['temperature: -0.1', 'config.temperature must be a number from 0 to 2, got -0.1'],
    ['temperature: warm', 'config.temperature must be a number from 0 to 2, got "warm"'],
    ['maxOutputTokens: 0', 'config.maxOutputTokens must be a whole number of tokens above 0, got 0'],
    ['maxOutputTokens: 12.5', 'config.maxOutputTokens must be a whole number of tokens above 0, got 12.5'],
    ['topP: 1.1', 'config.topP must be a number from 0 to 1, got 1.1'],
    ['stopSequences: END', 'config.stopSequences must be a list of strings, got "END"'],
  ])('config %s is rejected with line and column of the value', (line, message) => {
    const error = parseError(withFrontmatter('model: groq/x', 'config:', `  ${line}`));
    expect(error.message).toBe(message);
    expect(error.location).toEqual({ file: 'bad.prompt', line: 4, column: line.indexOf(':') + 5 });
  });

  it('a stop sequence that is not text points at the element', () => {
    const error = parseError(withFrontmatter('config: { stopSequences: [END, 42] }'));
    expect(error.message).toBe('config.stopSequences[1] must be text, got 42');
    expect(error.location).toMatchObject({ line: 2, column: 32 });
  });

  it('config that is not a map', () => {
    const error = parseError(withFrontmatter('config: 0.2'));
    expect(error.message).toBe('config must be a map of keys, got 0.2');
    expect(error.fix).toMatch(/config: \{ temperature/);
  });

  it('a schema type that does not exist points at the field', () => {
    const error = parseError(withFrontmatter('input:', '  schema:', '    ticket: string', '    locale: strng'));
    expect(error.message).toMatch(/^input\.schema: unknown type 'strng'/);
    expect(error.location).toMatchObject({ line: 5, column: 13 });
  });

  it('input.default that is not a map', () => {
    const error = parseError(withFrontmatter('input:', '  default: en'));
    expect(error.message).toBe('input.default must be a map of keys, got "en"');
    expect(error.location).toMatchObject({ line: 3, column: 12 });
  });
});
