import { Dotprompt, type Message } from 'dotprompt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messageText } from '../../../src/core/chat';
import { UserError } from '../../../src/core/errors';
import { compilePrompt, parsePrompt } from '../../../src/core/prompt';
import { toChatMessages } from '../../../src/core/prompt/render';
import { fixture, rejected } from './fixtures';

async function render(source: string, vars: Record<string, unknown>) {
  const compiled = await compilePrompt(parsePrompt(source, 'r.prompt'));
  return compiled.render(vars);
}

describe('render: roles', () => {
  it('renders the BRIEF example to a system and a user message, text exactly as dotprompt renders it', async () => {
    expect(await render(fixture('triage.prompt'), { ticket: 'My invoice is wrong' })).toEqual([
      { role: 'system', content: 'You triage support tickets. Answer with one label.\n' },
      { role: 'user', content: 'My invoice is wrong' },
    ]);
  });

  it('maps dotprompt’s model role to assistant, and accepts assistant too', async () => {
    expect(await render('{{role "user"}}Q{{role "model"}}A1{{role "user"}}Q2{{role "assistant"}}A2', {})).toEqual([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: 'A2' },
    ]);
  });

  it('sends a template without role tags as one user message, its last newline kept (no frontmatter: nothing trimmed)', async () => {
    expect(await render(fixture('no-frontmatter.prompt'), { text: 'Long text.' })).toEqual([
      { role: 'user', content: 'Summarize in one sentence:\nLong text.\n' },
    ]);
  });

  it('keeps the whitespace of each message as rendered (no trimming), as dotprompt does', async () => {
    expect(await render('{{role "system"}}\n\n  Be brief.  \n\n{{role "user"}}\n{{q}}\n', { q: 'Why?' })).toEqual([
      { role: 'system', content: '\n\n  Be brief.  \n\n' },
      { role: 'user', content: '\nWhy?\n' },
    ]);
    const dotprompt = await new Dotprompt().render('{{role "system"}}\n\n  Be brief.  \n\n{{role "user"}}\n{{q}}\n', { input: { q: 'Why?' } });
    expect(dotprompt.messages.map((m) => m.content.map((p) => p.text).join(''))).toEqual(['\n\n  Be brief.  \n\n', '\nWhy?\n']);
  });

  it('trims the body after a frontmatter (as dotprompt does), and only there', async () => {
    expect(await render('---\nmodel: sim/echo\n---\n\n  Hello {{name}}  \n\n', { name: 'Ada' })).toEqual([{ role: 'user', content: 'Hello Ada' }]);
    expect(await render('\n  Hello {{name}}  \n', { name: 'Ada' })).toEqual([{ role: 'user', content: '\n  Hello Ada  \n' }]);
  });

  it('checks a role given by a variable when rendering', async () => {
    const error = (await rejected(render('{{role who}}Hi', { who: 'tool' }))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('prompt.template');
    expect(error.message).toBe('unsupported message role "tool"');
  });

  it('renders a CRLF file without carriage returns', async () => {
    const crlf = fixture('conversation.prompt').replace(/\n/g, '\r\n');
    const messages = await render(crlf, { customer: { name: 'Ada' }, items: [{ sku: 'A1', qty: 2 }], shop: 'Shop' });
    expect(messages.map((m) => messageText(m)).join('')).not.toContain('\r');
  });
});

describe('render: variables and defaults', () => {
  it('fills a missing variable from input.default, and a row value wins over the default', async () => {
    const source = '---\ninput:\n  default: { locale: en, tone: polite }\n---\n{{locale}}/{{tone}}: {{ticket}}';
    expect(await render(source, { ticket: 'T' })).toEqual([{ role: 'user', content: 'en/polite: T' }]);
    expect(await render(source, { ticket: 'T', locale: 'fr' })).toEqual([{ role: 'user', content: 'fr/polite: T' }]);
    expect(await render(source, { ticket: 'T', locale: undefined })).toEqual([{ role: 'user', content: 'en/polite: T' }]);
  });

  it('throws prompt.missing-variables naming every missing variable instead of rendering blanks', async () => {
    const compiled = await compilePrompt(parsePrompt('{{greeting}} {{ticket}} {{locale}}', 'm.prompt'));
    const error = (await rejected(compiled.render({ greeting: 'Hi' }))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('prompt.missing-variables');
    expect(error.message).toBe('missing variable(s) locale, ticket');
    expect(error.location).toEqual({ file: 'm.prompt' });
    expect(error.fix).toMatch(/dataset column named locale/);
  });

  it('counts a variable only used in {{#if}} as required', async () => {
    const error = (await rejected(render('{{#if vip}}VIP {{/if}}{{name}}', { name: 'Ada' }))) as UserError;
    expect(error.message).toBe('missing variable(s) vip');
  });

  it('lets optional schema fields be missing', async () => {
    const source = '---\ninput:\n  schema: { ticket: string, locale?: string }\n---\n{{ticket}}{{#if locale}} ({{locale}}){{/if}}';
    expect(await render(source, { ticket: 'T' })).toEqual([{ role: 'user', content: 'T' }]);
    expect(await render(source, { ticket: 'T', locale: 'de' })).toEqual([{ role: 'user', content: 'T (de)' }]);
  });

  it('treats null and empty strings as provided values', async () => {
    expect(await render('a{{x}}b{{y}}', { x: null, y: '' })).toEqual([{ role: 'user', content: 'ab' }]);
  });

  it('renders nested paths, {{#each}}, ../ and @root', async () => {
    const messages = await render(fixture('conversation.prompt'), {
      customer: { name: 'Ada', tier: 'gold' },
      items: [
        { sku: 'A1', qty: 2 },
        { sku: 'B2', qty: 1 },
      ],
      shop: 'North',
    });
    expect(messages).toEqual([
      { role: 'system', content: '\nYou write order confirmations for Ada.\nMention their gold tier.\n\n' },
      { role: 'user', content: '\nItems:\n- 2 x A1 (for Ada, shop North)\n- 1 x B2 (for Ada, shop North)\n\n\n' },
      { role: 'assistant', content: '\nDear Ada,' },
    ]);
  });

  it('does not escape HTML characters in values', async () => {
    expect(await render('{{q}}', { q: '<b> & "x"' })).toEqual([{ role: 'user', content: '<b> & "x"' }]);
  });

  it('refuses a template that renders to nothing', async () => {
    const error = (await rejected(render('{{#if show}}text{{/if}}', { show: false }))) as UserError;
    expect(error.code).toBe('prompt.template');
    expect(error.message).toBe('the prompt rendered to no messages');
  });
});

describe('toChatMessages', () => {
  const noMedia = (): Promise<string> => Promise.reject(new Error('no media expected'));

  it('concatenates text parts of one message', async () => {
    const messages: Message[] = [{ role: 'user', content: [{ text: 'a ' }, { text: 'b' }] }];
    expect(await toChatMessages(messages, 'f.prompt', noMedia)).toEqual([{ role: 'user', content: 'a b' }]);
  });

  it('sends a user message with an image as OpenAI parts, the url resolved', async () => {
    const media: Message[] = [{ role: 'user', content: [{ text: 'look ' }, { media: { url: 'cat.png', contentType: 'image/png' } }, { text: ' here' }] }];
    const resolved: Array<[string, string | undefined]> = [];
    const messages = await toChatMessages(media, 'f.prompt', (url, type) => {
      resolved.push([url, type]);
      return Promise.resolve('data:image/png;base64,AAAA');
    });
    expect(resolved).toEqual([['cat.png', 'image/png']]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'look ' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'text', text: ' here' }] },
    ]);
  });

  it('refuses an image outside a user message, and other non-text parts, with a UserError naming the file', async () => {
    const inSystem: Message[] = [{ role: 'system', content: [{ media: { url: 'https://example.test/cat.png' } }] }];
    const error = (await rejected(toChatMessages(inSystem, 'f.prompt', noMedia))) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('prompt.media');
    expect(error.message).toBe('the system message has an image; images can only be sent in user messages');
    expect(error.location).toEqual({ file: 'f.prompt' });
    const data: Message[] = [{ role: 'model', content: [{ data: { a: 1 } }] }];
    expect(((await rejected(toChatMessages(data, 'f.prompt', noMedia))) as UserError).message).toBe('the assistant message has a data part; Refinery sends text and images only');
  });

  it('skips {{section}} placeholders, which carry no content, and drops a message left with none (the one documented exception)', async () => {
    const messages: Message[] = [
      { role: 'system', content: [{ text: 'rules' }, { metadata: { purpose: 'output', pending: true } }] },
      { role: 'user', content: [{ metadata: { purpose: 'x', pending: true } }] },
      { role: 'user', content: [{ text: '' }] },
    ];
    expect(await toChatMessages(messages, 'f.prompt', noMedia)).toEqual([
      { role: 'system', content: 'rules' },
      { role: 'user', content: '' },
    ]);
  });
});

describe('compilePrompt: compile once, render many', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles the template once for any number of renders', async () => {
    const compile = vi.spyOn(Dotprompt.prototype, 'compile');
    const compiled = await compilePrompt(parsePrompt(fixture('triage.prompt'), 't.prompt'));
    for (let i = 0; i < 50; i++) await compiled.render({ ticket: `ticket ${i}` });
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('renders 15,000 rows from one compiled template, each with its own values', async () => {
    const compiled = await compilePrompt(parsePrompt(fixture('triage.prompt'), 't.prompt'));
    const rows = Array.from({ length: 15_000 }, (_, i) => ({ ticket: `Order ${i} arrived broken, please refund` }));
    const rendered = [];
    for (const row of rows) rendered.push(await compiled.render(row));
    expect(rendered).toHaveLength(15_000);
    expect(rendered[14_999]?.at(-1)?.content).toContain('Order 14999 arrived broken');
    expect(rendered[0]?.at(-1)?.content).toContain('Order 0 arrived broken');
  });
});
