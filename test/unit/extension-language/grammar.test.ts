import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, type IGrammar, type IRawGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const GRAMMAR_FILE = path.join(root, 'syntaxes/dotprompt.tmLanguage.json');
/** Stands in for VS Code's YAML grammar: enough to see that the frontmatter is handed to it. */
const YAML_STUB = { scopeName: 'source.yaml', patterns: [{ match: '^[\\w.]+(?=:)', name: 'entity.name.tag.yaml' }] };

let grammar: IGrammar;

beforeAll(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (sources) => new oniguruma.OnigScanner(sources), createOnigString: (text) => new oniguruma.OnigString(text) }),
    loadGrammar: (scopeName) => {
      if (scopeName === 'text.dotprompt.refinery') return Promise.resolve(JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as IRawGrammar);
      if (scopeName === 'source.yaml') return Promise.resolve(YAML_STUB as unknown as IRawGrammar);
      return Promise.resolve(null);
    },
  });
  const loaded = await registry.loadGrammar('text.dotprompt.refinery');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(source: string): Token[] {
  let state = INITIAL;
  return source.split('\n').flatMap((text, line) => {
    const result = grammar.tokenizeLine(text, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({ line, text: text.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

/** Scopes of the first token whose text is exactly `text` (on `line` when given). */
function scopesOf(tokens: Token[], text: string, line?: number): string[] {
  const token = tokens.find((t) => t.text === text && (line === undefined || t.line === line));
  if (!token) throw new Error(`no token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

const PROMPT = [
  '---', //                                                   0
  'model: groq/llama-3.1-8b-instant', //                     1
  'refinery.dataset: data/tickets.csv', //                   2
  '---', //                                                   3
  '{{role "system"}}You triage tickets.', //                 4
  '{{! a note }}{{!-- a longer', //                          5
  'note --}}{{#each items as |item|}}', //                  6
  '- {{item.name}} {{{raw}}} {{shout tone}}{{else}}none', //  7
  '{{/each}}{{json (lookup data "key") indent=2}}', //       8
  '---', //                                                   9
  '{{@root.ticket}} {{this}}', //                           10
].join('\n');

describe('the Dotprompt TextMate grammar', () => {
  it('hands the frontmatter to the YAML grammar, between the fences', () => {
    const tokens = tokenize(PROMPT);
    expect(scopesOf(tokens, '---', 0)).toContain('punctuation.definition.frontmatter.begin.dotprompt');
    expect(scopesOf(tokens, 'model')).toEqual(['text.dotprompt.refinery', 'meta.embedded.block.frontmatter.dotprompt', 'source.yaml', 'entity.name.tag.yaml']);
    expect(scopesOf(tokens, 'refinery.dataset')).toContain('entity.name.tag.yaml');
    expect(scopesOf(tokens, '---', 3)).toContain('punctuation.definition.frontmatter.end.dotprompt');
    expect(scopesOf(tokens, 'You triage tickets.')).toEqual(['text.dotprompt.refinery']);
  });

  it('treats --- after the frontmatter, or in a file without one, as text', () => {
    expect(scopesOf(tokenize(PROMPT), '---', 9)).toEqual(['text.dotprompt.refinery']);
    const bare = tokenize('Hello {{name}}\n---\nmodel: x\n---');
    expect(scopesOf(bare, '---', 1)).toEqual(['text.dotprompt.refinery']);
    expect(bare.some((t) => t.scopes.some((s) => s.includes('frontmatter')))).toBe(false);
  });

  it('marks role blocks, helpers and their arguments', () => {
    const tokens = tokenize(PROMPT);
    expect(scopesOf(tokens, 'role')).toContain('support.function.builtin.dotprompt');
    expect(scopesOf(tokens, 'system')).toContain('entity.name.tag.role.dotprompt');
    expect(scopesOf(tokens, '{{', 4)).toContain('punctuation.definition.template-expression.begin.handlebars');
    expect(scopesOf(tokens, 'shout')).toContain('entity.name.function.helper.handlebars');
    expect(scopesOf(tokens, 'tone')).toContain('variable.other.readwrite.handlebars');
    expect(scopesOf(tokens, 'json')).toContain('support.function.builtin.dotprompt');
    expect(scopesOf(tokens, 'lookup')).toContain('entity.name.function.helper.handlebars');
    expect(scopesOf(tokens, 'key')).toContain('string.quoted.double.handlebars');
    expect(scopesOf(tokens, 'indent')).toContain('entity.other.attribute-name.handlebars');
    expect(scopesOf(tokens, '2')).toContain('constant.numeric.handlebars');
  });

  it('marks block helpers, block params and else', () => {
    const tokens = tokenize(PROMPT);
    expect(scopesOf(tokens, 'each', 6)).toContain('keyword.control.block.handlebars');
    expect(scopesOf(tokens, 'item', 6)).toContain('variable.parameter.handlebars');
    expect(scopesOf(tokens, 'item.name')).toContain('variable.other.readwrite.handlebars');
    expect(scopesOf(tokens, 'else')).toContain('keyword.control.else.handlebars');
    expect(scopesOf(tokens, 'each', 8)).toContain('keyword.control.block.handlebars');
  });

  it('marks comments, including a block comment over several lines', () => {
    const tokens = tokenize(PROMPT);
    expect(scopesOf(tokens, ' a note ')).toContain('comment.block.handlebars');
    expect(scopesOf(tokens, ' a longer')).toContain('comment.block.handlebars');
    expect(scopesOf(tokens, 'note ')).toContain('comment.block.handlebars');
    expect(scopesOf(tokens, '{{', 6)).toContain('meta.template.block.open.handlebars');
  });

  it('marks raw {{{ }}} expressions, data variables and this', () => {
    const tokens = tokenize(PROMPT);
    expect(scopesOf(tokens, 'raw')).toContain('meta.template.expression.raw.handlebars');
    expect(scopesOf(tokens, '{{{')).toContain('punctuation.definition.template-expression.begin.handlebars');
    expect(scopesOf(tokens, '@root.ticket')).toContain('variable.language.data.handlebars');
    expect(scopesOf(tokens, 'this')).toContain('variable.language.this.handlebars');
  });
});
