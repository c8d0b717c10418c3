import { Dotprompt } from 'dotprompt';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { missingVariables, parsePrompt } from '../../../src/core/prompt';
import { DOTPROMPT_HELPERS, HANDLEBARS_HELPERS } from '../../../src/core/prompt/template-analysis';
import { fixture, thrown } from './fixtures';

const variablesOf = (template: string): string[] => parsePrompt(template, 't.prompt').variables;

function templateError(source: string): UserError {
  const error = thrown(() => parsePrompt(source, 't.prompt'));
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('variables: the top-level names a template reads', () => {
  it.each([
    ['plain', 'Hi {{name}}, {{name}} again', ['name']],
    ['sorted and unique', '{{b}} {{a}} {{c}} {{a}}', ['a', 'b', 'c']],
    ['nested path → head segment', '{{user.name}} {{user.address.city}}', ['user']],
    ['this. prefix', '{{this.ticket}}', ['ticket']],
    ['triple-stash', '{{{raw}}}', ['raw']],
    ['{{#if}} condition and both branches', '{{#if vip}}Dear {{name}}{{else}}Hi {{nick}}{{/if}}', ['name', 'nick', 'vip']],
    ['{{#unless}} keeps the context', '{{#unless quiet}}{{greeting}}{{/unless}}', ['greeting', 'quiet']],
    ['{{else if}} chains', '{{#if a}}1{{else if b}}{{c}}{{/if}}', ['a', 'b', 'c']],
    ['{{#each}} inner paths are relative to the item', '{{#each items}}{{sku}} {{qty}}{{/each}}', ['items']],
    ['{{#each}} {{else}} reads the outer context', '{{#each items}}{{sku}}{{else}}{{emptyText}}{{/each}}', ['emptyText', 'items']],
    ['../ inside {{#each}} reaches the top level', '{{#each items}}{{../shop}}{{/each}}', ['items', 'shop']],
    ['../ skips {{#if}}, which keeps the context', '{{#each items}}{{#if ok}}{{../shop}}{{/if}}{{/each}}', ['items', 'shop']],
    ['@root inside a block', '{{#each items}}{{@root.customer.name}}{{/each}}', ['customer', 'items']],
    ['@index, @key, @first are not variables', '{{#each items}}{{@index}}{{@key}}{{@first}}{{/each}}', ['items']],
    ['block params are not variables', '{{#each items as |item i|}}{{item.sku}} {{i}} {{other}}{{/each}}', ['items']],
    ['{{#with}} steps into the object', '{{#with user}}{{name}}{{/with}}', ['user']],
    ['nested {{#each}} in {{#each}}', '{{#each orders}}{{#each lines}}{{sku}}{{../id}}{{../../shop}}{{/each}}{{/each}}', ['orders', 'shop']],
    ['{{this}} is not a variable', '{{#each tags}}{{this}}{{/each}}', ['tags']],
    ['dotprompt helpers are not variables', '{{role "system"}}x{{history}}{{section "output"}}{{role "user"}}{{json payload}}', ['payload']],
    ['ifEquals arguments', '{{#ifEquals lang "fr"}}Bonjour{{/ifEquals}}', ['lang']],
    ['lookup arguments', '{{lookup labels key}}', ['key', 'labels']],
    ['hash arguments', '{{json data indent=width}}', ['data', 'width']],
    ['subexpression arguments', '{{json (lookup table row)}}', ['row', 'table']],
    ['comments are ignored', '{{!-- {{secret}} --}}{{shown}}', ['shown']],
    ['literals are not variables', '{{role "user"}}{{json 42}}', []],
  ])('%s', (_name, template, expected) => {
    expect(variablesOf(template)).toEqual(expected);
  });

  it('finds the variables of the fixture with {{#each}}, nested paths, {{#if}} and @root', () => {
    expect(parsePrompt(fixture('conversation.prompt'), 'c.prompt').variables).toEqual(['customer', 'items', 'note', 'shop']);
  });
});

describe('unknown helpers and unsupported tags', () => {
  it('reports a call to an unknown helper at its position in the file', () => {
    const error = templateError('---\nmodel: groq/x\n---\nHello\n  {{shout name}}\n');
    expect(error.code).toBe('prompt.template');
    expect(error.location).toEqual({ file: 't.prompt', line: 5, column: 5 });
    expect(error.message).toMatch(/^unknown helper 'shout'; available helpers: if, unless, each, with, lookup, log, role, history, section, media, json, ifEquals, unlessEquals$/);
    expect(error.fix).toMatch(/without arguments if it is a variable/);
  });

  it('reports an unknown block helper and an unknown subexpression helper', () => {
    expect(templateError('{{#repeat 3}}x{{/repeat}}').message).toMatch(/^unknown helper 'repeat'/);
    expect(templateError('{{json (upper name)}}').message).toMatch(/^unknown helper 'upper'/);
  });

  it('reports an unknown role at the role name', () => {
    const error = templateError('{{role "tool"}}x');
    expect(error.message).toBe('unknown role "tool"; roles are system, user, model, assistant');
    expect(error.location).toMatchObject({ line: 1, column: 8 });
  });

  it('refuses what Refinery cannot render: dynamic partials, partial blocks, {{media}} without a url', () => {
    expect(templateError('Hi {{> (whichPartial)}}').message).toBe('dynamic partials ({{> (expression)}}) are not supported');
    expect(templateError('Hi {{#> signature}}fallback{{/signature}}').message).toMatch(/^partial blocks/);
    expect(templateError('{{media contentType="image/png"}}').message).toBe('{{media}} needs a url');
  });

  it('reads {{media url=…}} and {{> name}}: the url is a variable, a partial is looked up only once its texts are known', () => {
    const prompt = parsePrompt('{{media url=photo}} {{> signature}}', 'm.prompt');
    expect(prompt.variables).toEqual(['photo']);
    expect(prompt.usesMedia).toBe(true);
    expect(prompt.partials).toEqual({});
  });

  it('reports a Handlebars syntax error at its line', () => {
    const error = templateError('---\nmodel: groq/x\n---\nline one\nline two {{name\n');
    expect(error.code).toBe('prompt.template');
    expect(error.message).toBe('template syntax error: the tag {{name is never closed');
    expect(error.location).toMatchObject({ line: 5, column: 10 });
  });

  it('reports a block closed by the wrong tag at the block name', () => {
    const error = templateError('---\nmodel: groq/x\n---\n{{#each items}}\n  {{#if ok}}{{sku}}\n{{/each}}\n\n');
    expect(error.message).toBe("template syntax error: if doesn't match each");
    expect(error.location).toMatchObject({ line: 5, column: 6 });
  });

  it('reports a {{#if}} left open at the end of the file at the {{#if}}', () => {
    const error = templateError('Intro\n{{#if vip}}\nDear {{name}}\n');
    expect(error.message).toBe('template syntax error: {{#if}} is never closed');
    expect(error.location).toMatchObject({ line: 2, column: 1 });
  });

  it('reports a mismatched block close with line and column', () => {
    const error = templateError('---\nmodel: groq/x\n---\nok\n{{#if a}}x{{/each}}\n');
    expect(error.message).toBe("template syntax error: if doesn't match each");
    expect(error.location).toMatchObject({ line: 5, column: 4 });
  });
});

describe('missingVariables', () => {
  const triage = parsePrompt(fixture('triage.prompt'), 'triage.prompt');

  it('lists required variables the row does not provide', () => {
    expect(missingVariables(triage, [])).toEqual(['ticket']);
    expect(missingVariables(triage, ['ticket'])).toEqual([]);
  });

  it('does not ask for variables with a default or an optional schema field', () => {
    const prompt = parsePrompt(
      '---\ninput:\n  schema: { ticket: string, tone?: string }\n  default: { locale: en }\n---\n{{ticket}} {{tone}} {{locale}} {{extra}}',
      'p.prompt',
    );
    expect(prompt.optionalInputs).toEqual(['tone']);
    expect(missingVariables(prompt, new Set(['other']))).toEqual(['extra', 'ticket']);
  });

  it('accepts any iterable of names', () => {
    const prompt = parsePrompt('{{a}}{{b}}', 'p.prompt');
    expect(missingVariables(prompt, new Map([['a', 1]]).keys())).toEqual(['b']);
  });
});

describe('the helper list matches what dotprompt registers', () => {
  const renderWithDotprompt = async (template: string) => {
    const render = await new Dotprompt().compile(template);
    return render({ input: { x: 'value' } });
  };

  it.each([...HANDLEBARS_HELPERS, ...DOTPROMPT_HELPERS])('%s is a helper dotprompt knows', async (name) => {
    // Arguments may not suit the helper; what matters is that dotprompt does not call it unknown.
    const outcome = await renderWithDotprompt(`{{${name} x}}`).then(
      () => 'rendered',
      (e: unknown) => String(e),
    );
    expect(outcome).not.toMatch(/unknown helper/);
  });

  it('control: dotprompt refuses a helper that is not on the list', async () => {
    await expect(renderWithDotprompt('{{shout x}}')).rejects.toThrow(/unknown helper shout/);
  });
});
