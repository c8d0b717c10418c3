import { describe, expect, it } from 'vitest';
import { analyzePrompt, lintAnalysis, lintPrompt, parsePrompt, type PromptDiagnostic } from '../../../src/core/prompt';
import { fixture } from './fixtures';

const summary = (diagnostics: PromptDiagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`);

describe('lintPrompt', () => {
  it('finds nothing wrong with the BRIEF example', () => {
    expect(lintPrompt(fixture('triage.prompt'), 'triage.prompt', { knownProviders: ['groq', 'cerebras'], datasetColumns: ['ticket', 'label'] })).toEqual([]);
  });

  it('reports every problem at once, with ranges and the fix in the message', () => {
    const source = [
      '---', //                                  1
      'model: groq/llama-3.1-8b-instant', //     2
      'config: { temperature: 3 }', //           3
      'refinery.modles: [groq/x]', //            4
      'refinery.repeat: 0', //                   5
      '---', //                                  6
      '{{role "system"}}Be {{shout tone}}.', //  7
      '{{role "user"}}{{ticket}}', //            8
    ].join('\n');
    const diagnostics = lintPrompt(source, 'p.prompt');
    expect(summary(diagnostics)).toEqual([
      'error prompt.frontmatter 3:24',
      'error prompt.unknown-key 4:1',
      'error prompt.frontmatter 5:18',
      'error prompt.unknown-helper 7:23',
    ]);
    expect(diagnostics[0]).toEqual({
      severity: 'error',
      code: 'prompt.frontmatter',
      message: 'config.temperature must be a number from 0 to 2, got 3\nfix: write it like "temperature: 0.2"',
      line: 3,
      column: 24,
      endLine: 3,
      endColumn: 25,
    });
    expect(diagnostics[1]).toMatchObject({ line: 4, column: 1, endLine: 4, endColumn: 16 });
    expect(diagnostics[3]).toMatchObject({ line: 7, column: 23, endLine: 7, endColumn: 28 });
  });

  it('reports bad YAML and still checks the template', () => {
    const diagnostics = lintPrompt(fixture('bad-yaml-tab.prompt').replace('Hello {{name}}', 'Hello {{yell name}}'), 'p.prompt');
    expect(summary(diagnostics)).toEqual(['error prompt.yaml 4:1', 'error prompt.unknown-helper 6:9']);
  });

  it('flags model ids whose provider is not configured, at each id', () => {
    const source = [
      '---',
      'model: groq/llama-3.1-8b-instant',
      'refinery.models: [groq/llama-3.3-70b-versatile, ollama/llama3.2, openai/gpt-4o]',
      '---',
      'Hi',
    ].join('\n');
    const diagnostics = lintPrompt(source, 'p.prompt', { knownProviders: ['groq', 'cerebras', 'ollama'] });
    expect(summary(diagnostics)).toEqual(['error prompt.unknown-model 3:66']);
    expect(diagnostics[0]?.message).toMatch(/^unknown provider 'openai' in 'openai\/gpt-4o'; known providers: groq, cerebras, ollama\nfix: /);
    expect(diagnostics[0]).toMatchObject({ endColumn: 79 });
  });

  it('notes model ids of known providers that have no price, without blocking', () => {
    const source = [
      '---',
      'model: groq/llama-3.1-8b-instant',
      'refinery.models: [groq/llama-9-mega, ollama/llama3.2, openai/gpt-4o]',
      '---',
      'Hi',
    ].join('\n');
    const priced = new Set(['groq/llama-3.1-8b-instant']);
    const diagnostics = lintPrompt(source, 'p.prompt', { knownProviders: ['groq', 'ollama'], isPricedModel: (id) => priced.has(id) });
    expect(summary(diagnostics)).toEqual(['info prompt.unpriced-model 3:19', 'info prompt.unpriced-model 3:38', 'error prompt.unknown-model 3:55']);
    expect(diagnostics[0]?.message).toMatch(/^no price is known for 'groq\/llama-9-mega'/);
    expect(() => parsePrompt(source, 'p.prompt')).not.toThrow();
  });

  it("warns at a model its provider's live list does not have, naming what it serves, and checks providers with a list only", () => {
    const source = [
      '---',
      'model: groq/llama-3.1-8b-instant',
      'refinery.models: [groq/openai/gpt-oss-20b, cerebras/llama3.1-8b, ollama/llama3.2]',
      '---',
      'Hi',
    ].join('\n');
    const served = new Map([['groq', ['openai/gpt-oss-120b', 'openai/gpt-oss-20b']]]);
    const diagnostics = lintPrompt(source, 'p.prompt', {
      knownProviders: ['groq', 'cerebras', 'ollama'],
      servedModels: (providerId) => served.get(providerId),
      // the retired model still has an old price here: only one diagnostic, the stronger one
      isPricedModel: (id) => id !== 'cerebras/llama3.1-8b',
    });
    expect(summary(diagnostics)).toEqual(['warning prompt.unserved-model 2:8', 'info prompt.unpriced-model 3:44']);
    expect(diagnostics[0]?.message).toBe(
      "'groq/llama-3.1-8b-instant' is not served by groq today; current models: openai/gpt-oss-120b, openai/gpt-oss-20b\nfix: use one of them (Run Against Dataset… offers them with their prices; `refinery models --provider groq` lists them too): a run with this model would stop before its first call",
    );
    expect(diagnostics[0]).toMatchObject({ endColumn: 33 });
  });

  it('checks the judge of a grader against the known providers', () => {
    const diagnostics = lintPrompt(fixture('correct_label.grader.prompt'), 'g.prompt', { knownProviders: ['groq'] });
    expect(summary(diagnostics)).toEqual(['error prompt.unknown-model 4:17']);
  });

  it('flags each use of a variable that no dataset column fills', () => {
    const source = '---\ninput:\n  schema: { ticket: string, locale?: string }\n  default: { tone: calm }\n---\n{{ticket}} {{tone}} {{locale}} {{customer.name}}\n{{customer.id}}';
    const diagnostics = lintPrompt(source, 'p.prompt', { datasetColumns: ['ticket'] });
    expect(summary(diagnostics)).toEqual(['error prompt.unfilled-variable 6:34', 'error prompt.unfilled-variable 7:3']);
    expect(diagnostics[0]?.message).toMatch(/^no dataset column fills \{\{customer\}\}; columns: ticket\n/);
    expect(diagnostics[0]).toMatchObject({ endColumn: 47 });
  });

  it('does not ask the dataset for output and expected in a grader', () => {
    expect(lintPrompt(fixture('correct_label.grader.prompt'), 'g.prompt', { datasetColumns: ['ticket'] })).toEqual([]);
    expect(summary(lintPrompt(fixture('correct_label.grader.prompt'), 'g.prompt', { datasetColumns: [] }))).toEqual([
      'error prompt.unfilled-variable 18:11',
    ]);
  });

  it('warns about keys Refinery ignores', () => {
    const source = [
      '---',
      'modle: groq/x',
      'config: { temperature: 0.5, topK: 40 }',
      'refinery.judge: groq/y',
      'tools: [search]',
      'myext.flag: true',
      '---',
      '{{#items}}{{name}}{{/items}}',
    ].join('\n');
    expect(summary(lintPrompt(source, 'p.prompt'))).toEqual([
      'warning prompt.unknown-key 2:1',
      'warning prompt.unknown-key 3:29',
      'warning prompt.unknown-key 4:1',
      'warning prompt.unknown-key 5:1',
      'warning prompt.template 8:4',
    ]);
  });

  it.each([
    ['empty file', ''],
    ['only fences', '---\n---\n'],
    ['unclosed fence', '---\nmodel: x'],
    ['binary noise', '\u0000\u0001---\n{{{{'],
    ['YAML aliases', '---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\nHi'],
    ['scalar frontmatter', '---\njust text\n---\nHi'],
    ['non-string keys', '---\n? [a, b]\n: 1\n1: 2\n---\nHi'],
  ])('never throws (%s)', (_name, source) => {
    expect(() => lintPrompt(source, 'p.prompt', { knownProviders: [], datasetColumns: [] })).not.toThrow();
  });

  it('lintAnalysis of an analysis already made gives what lintPrompt gives', () => {
    const source = fixture('triage.prompt').replace('{{ticket}}', '{{ticket}} {{shout tone}}');
    const context = { knownProviders: ['groq'], datasetColumns: ['label'] };
    const expected = lintPrompt(source, 'p.prompt', context);
    expect(expected.length).toBeGreaterThan(2);
    expect(lintAnalysis(analyzePrompt(source, 'p.prompt'), context)).toEqual(expected);
  });

  it('flags each model that does not take images when the prompt sends {{media}}, and only those', () => {
    const source = [
      '---', //                                                          1
      'refinery.models: [cerebras/gpt-oss-120b, sim/echo, local/vl]', // 2
      '---', //                                                          3
      '{{role "user"}}Describe {{media url=photo}}', //                   4
    ].join('\n');
    const diagnostics = lintPrompt(source, 'p.prompt', { knownProviders: ['cerebras', 'sim', 'local'], datasetColumns: ['photo'] });
    expect(summary(diagnostics)).toEqual(['error prompt.media 2:19']);
    expect(diagnostics[0]?.message).toMatch(/^cerebras\/gpt-oss-120b does not take images, and this prompt sends them with \{\{media\}\}\nfix: use a model that takes images/);
    expect(lintPrompt(source.replace('{{media url=photo}}', '{{photo}}'), 'p.prompt', { knownProviders: ['cerebras', 'sim', 'local'], datasetColumns: ['photo'] })).toEqual([]);
  });

  it('reports an empty file', () => {
    expect(summary(lintPrompt('', 'p.prompt'))).toEqual(['error prompt.empty 1:1']);
  });
});
