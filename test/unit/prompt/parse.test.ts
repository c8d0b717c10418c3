import { Dotprompt } from 'dotprompt';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError, formatUserError } from '../../../src/core/errors';
import { parsePrompt, readPromptFile } from '../../../src/core/prompt';
import { fixture, fixturePath, rejected, thrown } from './fixtures';

describe('parsePrompt on the BRIEF §2 example', () => {
  const source = fixture('triage.prompt');
  const prompt = parsePrompt(source, 'triage.prompt');

  it('reads model, config, input and the refinery settings', () => {
    expect(prompt).toEqual({
      path: 'triage.prompt',
      source,
      model: 'groq/llama-3.1-8b-instant',
      models: ['groq/llama-3.3-70b-versatile', 'cerebras/gpt-oss-120b'],
      config: { temperature: 0.2, maxOutputTokens: 256 },
      inputDefaults: { locale: 'en' },
      optionalInputs: ['locale'],
      refinery: {
        kind: 'prompt',
        models: ['groq/llama-3.3-70b-versatile', 'cerebras/gpt-oss-120b'],
        dataset: 'data/tickets.csv',
        graders: ['graders/correct_label.prompt'],
        repeat: 1,
        partialFolders: [],
        context: {},
        allowRemoteMedia: false,
      },
      variables: ['ticket'],
      contextNames: [],
      usesHistory: false,
      usesMedia: false,
      template: '{{role "system"}}You triage support tickets. Answer with one label.\n{{role "user"}}{{ticket}}',
      partials: {},
    });
  });

  it('agrees with dotprompt.parse, which keeps refinery.* keys under ext.refinery', () => {
    const library = new Dotprompt().parse(source);
    expect(library.ext).toEqual({
      refinery: {
        models: prompt.refinery.models,
        dataset: prompt.refinery.dataset,
        graders: prompt.refinery.graders,
      },
    });
    expect(library.model).toBe(prompt.model);
    expect(library.config).toEqual(prompt.config);
    expect(library.input?.default).toEqual(prompt.inputDefaults);
    expect(library.template).toBe(prompt.template);
  });
});

describe('parsePrompt: models', () => {
  it('falls back to [model] when refinery.models is not set', () => {
    const prompt = parsePrompt('---\nmodel: cerebras/gpt-oss-120b\n---\nHi {{name}}\n', 'a.prompt');
    expect(prompt.models).toEqual(['cerebras/gpt-oss-120b']);
    expect(prompt.refinery.models).toEqual([]);
  });

  it('keeps slashes inside the model part of an id', () => {
    expect(parsePrompt('---\nmodel: groq/openai/gpt-oss-120b\n---\nHi\n', 'a.prompt').model).toBe('groq/openai/gpt-oss-120b');
  });

  it('has no models when the file names none', () => {
    expect(parsePrompt('---\nconfig: { temperature: 1 }\n---\nHi\n', 'a.prompt').models).toEqual([]);
  });
});

describe('parsePrompt: grader files', () => {
  const prompt = parsePrompt(fixture('correct_label.grader.prompt'), 'grader.prompt');

  it('reads refinery.kind, judge and pass threshold', () => {
    expect(prompt.refinery).toEqual({ kind: 'grader', models: [], graders: [], repeat: 1, judge: 'cerebras/gpt-oss-120b', passThreshold: 0.5, partialFolders: [], context: {}, allowRemoteMedia: false });
  });

  it('converts the Picoschema output schema to JSON schema', () => {
    expect(prompt.outputFormat).toBe('json');
    expect(prompt.outputSchema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        score: { type: 'number', description: '0 to 1' },
        pass: { type: 'boolean' },
        reason: { type: ['string', 'null'] },
      },
      required: ['score', 'pass'],
    });
  });

  it('sees the run-provided variables output and expected', () => {
    expect(prompt.variables).toEqual(['expected', 'output', 'ticket']);
  });
});

describe('parsePrompt: settings with defaults and every refinery key', () => {
  it('reads all refinery keys', () => {
    const prompt = parsePrompt(
      [
        '---',
        'model: groq/llama-3.1-8b-instant',
        'config:',
        '  temperature: 0',
        '  topP: 0.5',
        '  stopSequences: ["\\n\\n", END]',
        'refinery.concurrency: 8',
        'refinery.repeat: 3',
        'refinery.timeout: 15000',
        'myext.anything: 1',
        '---',
        'Hi',
      ].join('\n'),
      'all.prompt',
    );
    expect(prompt.config).toEqual({ temperature: 0, topP: 0.5, stopSequences: ['\n\n', 'END'] });
    expect(prompt.refinery).toEqual({ kind: 'prompt', models: [], graders: [], concurrency: 8, repeat: 3, timeoutMs: 15000, partialFolders: [], context: {}, allowRemoteMedia: false });
  });
});

describe('parsePrompt: files without frontmatter, CRLF, BOM', () => {
  it('treats a file without frontmatter as all template, untrimmed (as dotprompt does)', () => {
    const prompt = parsePrompt(fixture('no-frontmatter.prompt'), 'plain.prompt');
    expect(prompt.template).toBe('Summarize in one sentence:\n{{text}}\n');
    expect(prompt.variables).toEqual(['text']);
    expect(prompt.models).toEqual([]);
    expect(prompt.refinery).toEqual({ kind: 'prompt', models: [], graders: [], repeat: 1, partialFolders: [], context: {}, allowRemoteMedia: false });
  });

  it('parses a CRLF file like its LF twin, and keeps the original source', () => {
    const lf = fixture('triage.prompt');
    const crlf = lf.replace(/\n/g, '\r\n');
    const fromCrlf = parsePrompt(crlf, 'crlf.prompt');
    const fromLf = parsePrompt(lf, 'crlf.prompt');
    expect(fromCrlf.source).toBe(crlf);
    expect({ ...fromCrlf, source: '' }).toEqual({ ...fromLf, source: '' });
    expect(fromCrlf.template).not.toContain('\r');
  });

  it('reports CRLF positions on the right line', () => {
    const source = '---\r\nmodel: groq/x\r\nconfig: { temperature: 9 }\r\n---\r\nHi\r\n';
    const error = thrown(() => parsePrompt(source, 'crlf.prompt')) as UserError;
    expect(error.location).toEqual({ file: 'crlf.prompt', line: 3, column: 24 });
  });

  it('ignores a byte-order mark', () => {
    expect(parsePrompt('\uFEFF---\nmodel: groq/x\n---\nHi\n', 'bom.prompt').model).toBe('groq/x');
  });

  it('accepts a closing fence at end of file only when a body follows', () => {
    const error = thrown(() => parsePrompt('---\nmodel: groq/x\n---', 'nobody.prompt')) as UserError;
    expect(error.message).toBe('the prompt has no template after the frontmatter');
    expect(error.location).toEqual({ file: 'nobody.prompt', line: 3, column: 1 });
  });

  it('accepts an empty frontmatter', () => {
    const prompt = parsePrompt('---\n---\nHello {{name}}\n', 'empty-fm.prompt');
    expect(prompt.template).toBe('Hello {{name}}');
    expect(prompt.variables).toEqual(['name']);
  });
});

describe('parsePrompt: empty and unfinished files', () => {
  it.each([
    ['', 'empty'],
    ['   \n\n', 'whitespace only'],
  ])('rejects an empty file (%j, %s) with a clear error', (source) => {
    const error = thrown(() => parsePrompt(source, 'empty.prompt')) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('prompt.template');
    expect(error.message).toBe('the prompt file is empty');
    expect(error.location).toEqual({ file: 'empty.prompt', line: 1, column: 1 });
    expect(error.fix).toMatch(/write the prompt text/);
  });

  it('rejects frontmatter that is never closed, pointing at the opening fence', () => {
    const error = thrown(() => parsePrompt('---\nmodel: groq/x\nHello\n', 'open.prompt')) as UserError;
    expect(error.code).toBe('prompt.frontmatter');
    expect(error.message).toMatch(/never closed/);
    expect(error.location).toEqual({ file: 'open.prompt', line: 1, column: 1 });
  });

  it('formats as file:line:col with the fix, like a compiler', () => {
    const error = thrown(() => parsePrompt('---\nmodel: groq/x\nHello\n', 'open.prompt')) as UserError;
    expect(formatUserError(error)).toBe(
      'open.prompt:1:1: error: the frontmatter opened by --- on line 1 is never closed\n  fix: add a line with only --- after the YAML settings, before the template',
    );
  });
});

describe('readPromptFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-prompt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and parses a file', async () => {
    const prompt = await readPromptFile(fixturePath('triage.prompt'));
    expect(prompt.path).toBe(fixturePath('triage.prompt'));
    expect(prompt.variables).toEqual(['ticket']);
  });

  it('reports a missing file as prompt.read naming the file', async () => {
    const file = join(dir, 'nope.prompt');
    const error = (await rejected(readPromptFile(file))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('prompt.read');
    expect(error.message).toBe('cannot read the prompt file: no such file');
    expect(error.location.file).toBe(file);
  });

  it('reports a directory as prompt.read', async () => {
    const error = (await rejected(readPromptFile(dir))) as UserError;
    expect(error.code).toBe('prompt.read');
    expect(error.message).toBe('cannot read the prompt file: it is a directory');
  });

  it('reports an empty file clearly', async () => {
    const file = join(dir, 'empty.prompt');
    writeFileSync(file, '');
    const error = (await rejected(readPromptFile(file))) as UserError;
    expect(error.message).toBe('the prompt file is empty');
    expect(error.location.file).toBe(file);
  });
});
