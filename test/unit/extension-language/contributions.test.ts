import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPrompt } from '../../../src/core/prompt';
import { CLEAR_API_KEY_COMMAND, SET_API_KEY_COMMAND } from '../../../src/extension/keys/key-targets';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface Manifest {
  contributes: {
    languages: { id: string; extensions: string[]; configuration?: string }[];
    grammars: { language: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }[];
    snippets: { language: string; path: string }[];
    commands: { command: string; title: string }[];
    configuration: Array<{ properties: Record<string, { scope?: string }> }>;
  };
}
const manifest = readJson('package.json') as Manifest;

/** Expands a snippet body the way VS Code does when the user accepts every default. */
function expandSnippet(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const placeholder = /^\$\{\d+([:|])/.exec(text.slice(i));
    if (placeholder) {
      let depth = 1;
      let end = i + 2;
      while (depth > 0 && end < text.length) {
        end++;
        if (text[end] === '{') depth++;
        if (text[end] === '}') depth--;
      }
      const inner = text.slice(i + placeholder[0].length, end);
      out += placeholder[1] === '|' ? (inner.split(',')[0] ?? '') : expandSnippet(inner);
      i = end;
    } else if (/^\$\d/.test(text.slice(i))) {
      while (/\d/.test(text[i + 1] ?? '')) i++;
    } else {
      out += text[i];
    }
  }
  return out;
}

describe('package.json language contributions', () => {
  it('declares the dotprompt language with its configuration, grammar and snippets', () => {
    const language = manifest.contributes.languages.find((l) => l.id === 'dotprompt');
    expect(language?.extensions).toContain('.prompt');
    expect(fs.existsSync(path.join(root, language!.configuration!))).toBe(true);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'dotprompt', scopeName: 'text.dotprompt.refinery' });
    expect((readJson(grammar!.path) as { scopeName: string }).scopeName).toBe(grammar!.scopeName);
    expect(grammar!.embeddedLanguages).toEqual({ 'meta.embedded.block.frontmatter.dotprompt': 'yaml' });
    expect(manifest.contributes.snippets).toEqual([{ language: 'dotprompt', path: './snippets/dotprompt.json' }]);
  });

  it('every snippet with frontmatter expands to a prompt without problems', () => {
    const snippets = readJson('snippets/dotprompt.json') as Record<string, { body: string[] }>;
    expect(expandSnippet('{{#each ${1:items} as |${2:item}|}}\n${3:- {{${2:item}}}}\n{{/each}}$0')).toBe('{{#each items as |item|}}\n- {{item}}\n{{/each}}');
    const whole = Object.entries(snippets).filter(([, snippet]) => snippet.body[0] === '---');
    expect(whole.map(([name]) => name)).toEqual(['New prompt', 'Grader prompt']);
    for (const [, snippet] of whole) {
      const source = expandSnippet(snippet.body.join('\n'));
      expect(lintPrompt(source, 'p.prompt', { knownProviders: ['groq', 'cerebras', 'sim'], datasetColumns: ['ticket'] })).toEqual([]);
    }
    for (const [, snippet] of Object.entries(snippets).filter(([, s]) => s.body[0] !== '---')) {
      const source = expandSnippet(snippet.body.join('\n')).replace(/\{\{role "(\w+)"\}\}$/, '{{role "$1"}}Hi');
      expect(lintPrompt(source, 'p.prompt').filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('contributes the key commands and the settings the extension reads, user-settings only', () => {
    const commands = manifest.contributes.commands.map((c) => c.command);
    expect(commands).toEqual(expect.arrayContaining([SET_API_KEY_COMMAND, CLEAR_API_KEY_COMMAND]));
    const settings = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<string, { scope?: string }>;
    for (const key of ['endpoints', 'providers.groq.baseUrl', 'providers.cerebras.baseUrl']) {
      expect(settings[`refinery.${key}`]?.scope).toBe('machine');
    }
  });
});
