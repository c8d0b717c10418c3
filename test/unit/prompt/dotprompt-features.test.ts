/**
 * The Dotprompt features beyond a plain template, unit by unit: a dataset row as render data
 * (conversation, `@` context), `{{media}}` resolution, partials (lookup, loops, what they read,
 * isolation between prompts), and rendering with history and context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { analyzeWithPartials, compilePrompt, parsePrompt, readPromptFile, rowData } from '../../../src/core/prompt';
import { createMediaResolver } from '../../../src/core/prompt/media';
import { partialCandidates } from '../../../src/core/prompt/partials';
import { rejected, thrown } from './fixtures';

let root: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-features-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, content: string | Buffer): string {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
}

describe('rowData: a dataset row as Dotprompt render data', () => {
  it('splits the conversation and the @ columns from the variables', () => {
    const data = rowData({
      ticket: 'T',
      messages: '[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": [{"type": "text", "text": "Hello"}]}]',
      '@state': '{"step": 2}',
      '@auth.email': 'a@example.com',
      '@auth.role': 'admin',
    });
    expect(data.input).toEqual({ ticket: 'T', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] }] });
    expect(data.history).toEqual([
      { role: 'user', content: [{ text: 'Hi' }] },
      { role: 'model', content: [{ text: 'Hello' }] },
    ]);
    expect(data.context).toEqual({ state: { step: 2 }, auth: { email: 'a@example.com', role: 'admin' } });
  });

  it('takes Dotprompt-style parts and images, and no history from an empty cell', () => {
    const data = rowData({ messages: [{ role: 'user', content: [{ text: 'look' }, { media: { url: 'a.png', contentType: 'image/png' } }, { type: 'image_url', image_url: { url: 'b.png' } }] }] });
    expect(data.history).toEqual([{ role: 'user', content: [{ text: 'look' }, { media: { url: 'a.png', contentType: 'image/png' } }, { media: { url: 'b.png' } }] }]);
    expect(rowData({ messages: '' }).history).toBeUndefined();
    expect(rowData({ ticket: 'x' })).toEqual({ input: { ticket: 'x' }, context: {} });
  });

  it('keeps a text cell that only looks like JSON as text, in an @ column', () => {
    expect(rowData({ '@note': '[draft] not json' }).context).toEqual({ note: '[draft] not json' });
  });

  it('names what is wrong with a conversation or a context column', () => {
    expect((thrown(() => rowData({ messages: '{"role": "user"}' })) as UserError).message).toBe('the messages column is not a conversation: must be a list of {"role", "content"} messages');
    expect((thrown(() => rowData({ messages: [{ role: 'user', content: 3 }] })) as UserError).message).toMatch(/at \[0\]\.content: content must be text or a list of parts/);
    expect((thrown(() => rowData({ '@root': 1 })) as UserError).message).toBe('the column @root names @root, which Handlebars and dotprompt set themselves');
    expect((thrown(() => rowData({ '@a': 'x', '@a.b': 1 })) as UserError).message).toBe("the column @a.b sets a field of a, which another column set to a value that is not an object");
  });
});

describe('{{media}}: what is sent for a url', () => {
  const resolver = (allowRemote = false) => createMediaResolver({ baseDir: root, allowRemote, promptFile: 'p.prompt' });

  it('reads a file relative to the base folder once and sends it inline; file: URLs too', async () => {
    const file = write('img/dot.png', PNG);
    const resolve = resolver();
    const expected = `data:image/png;base64,${PNG.toString('base64')}`;
    expect(await resolve('img/dot.png', undefined)).toBe(expected);
    fs.rmSync(file);
    expect(await resolve('img/dot.png', undefined)).toBe(expected); // read once per run, not per row
    write('img/photo.jpeg', PNG);
    expect(await resolve(pathToFileURL(path.join(root, 'img/photo.jpeg')).href, undefined)).toMatch(/^data:image\/jpeg;base64,/);
    write('img/raw.bin', PNG);
    expect(await resolve('img/raw.bin', 'image/png')).toBe(expected);
  });

  it('sends data: image URLs as they are; https only when allowed', async () => {
    expect(await resolver()('data:image/webp;base64,AAAA', undefined)).toBe('data:image/webp;base64,AAAA');
    expect(((await rejected(resolver()('https://example.com/a.png', undefined))) as UserError).message).toMatch(/remote media are off/);
    expect(await resolver(true)('https://example.com/a.png', undefined)).toBe('https://example.com/a.png');
  });

  it('refuses what is not an image, a missing file, and other URL schemes, each with a fix', async () => {
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['data:text/plain;base64,SGk=', undefined, /Refinery sends images only/],
      ['img/notes.txt', undefined, /cannot tell the image type of img\/notes\.txt/],
      ['clip.mp4', 'video/mp4', /is video\/mp4: Refinery sends images only/],
      ['img/none.png', undefined, /no image file at .*none\.png/],
      ['ftp://example.com/a.png', undefined, /cannot send a ftp: URL/],
      ['  ', undefined, /empty url/],
    ];
    for (const [url, type, message] of cases) {
      const error = (await rejected(resolver()(url, type))) as UserError;
      expect(error.code, url).toBe('prompt.media');
      expect(error.message, url).toMatch(message);
      expect(error.fix, url).toBeTruthy();
    }
  });
});

describe('partials', () => {
  it('are looked for beside the prompt, then in refinery.partials folders; a name is a relative path', () => {
    const prompt = path.join(root, 'p', 'x.prompt');
    expect(partialCandidates('common/header', prompt, ['../shared'])).toEqual([path.join(root, 'p/common/_header.prompt'), path.join(root, 'shared/common/_header.prompt')]);
    expect(partialCandidates('../secret', prompt, [])).toEqual([]);
    expect(partialCandidates('/etc/passwd', prompt, [])).toEqual([]);
  });

  it('report a loop, a bad name and a problem inside a partial at the {{> name}} that brings it in', async () => {
    write('loop/_a.prompt', 'A {{> b}}');
    write('loop/_b.prompt', 'B {{> a}}');
    write('loop/_broken.prompt', 'line one\n{{#if x}}never closed');
    const source = 'First {{> a}}\n{{> ../up}}\n{{> broken}}';
    const { problems } = await analyzeWithPartials(source, path.join(root, 'loop/p.prompt'));
    expect(problems.map((p) => [p.rule, p.span.line, p.message])).toEqual([
      ['prompt.partial', 1, "partial 'b' uses {{> a}}: partials include each other in a loop (a → b → a)"],
      ['prompt.partial', 2, "'../up' cannot name a partial: a partial name is a path relative to the prompt's folder"],
      ['prompt.template', 3, "in partial 'broken' (_broken.prompt line 2): template syntax error: {{#if}} is never closed"],
    ]);
  });

  it('read the caller’s variables only at the top level without a context argument, minus what they are given', async () => {
    write('vars/_card.prompt', '{{title}} by {{author}} for {{@root.reader}}');
    const variables = async (source: string) => (await analyzeWithPartials(source, path.join(root, 'vars/p.prompt'))).prompt.variables;
    expect(await variables('{{> card}}')).toEqual(['author', 'reader', 'title']);
    expect(await variables('{{> card title="Dune"}}')).toEqual(['author', 'reader']);
    expect(await variables('{{> card book}}')).toEqual(['book', 'reader']);
    expect(await variables('{{#each books}}{{> card}}{{/each}}')).toEqual(['books', 'reader']);
  });

  it('of two prompts with the same name render each their own text, even interleaved', async () => {
    write('one/_header.prompt', 'ONE');
    write('two/_header.prompt', 'TWO');
    const one = await compilePrompt(await readPromptFile(write('one/p.prompt', '{{> header}} {{x}}')));
    const two = await compilePrompt(await readPromptFile(write('two/p.prompt', '{{> header}} {{x}}')));
    const rendered = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).render({ x: i })));
    rendered.forEach((messages, i) => expect(messages).toEqual([{ role: 'user', content: `${i % 2 ? 'ONE' : 'TWO'} ${i}` }]));
  });

  it('render from the texts a run kept, not from today’s files', async () => {
    write('kept/_sig.prompt', 'today');
    const prompt = parsePrompt('Hi {{> sig}}', path.join(root, 'kept/p.prompt'), { sig: 'as it ran' });
    expect(await (await compilePrompt(prompt)).render({})).toEqual([{ role: 'user', content: 'Hi as it ran' }]);
  });
});

describe('rendering with a conversation and a context', () => {
  it('inserts the history, keeps system-only prompts whole, and fills @ values', async () => {
    const compiled = await compilePrompt(parsePrompt('---\nrefinery.context: { auth: { role: viewer }, flags: null }\n---\n{{role "system"}}For {{@auth.email}} ({{@auth.role}}){{@flags.x}}', 'c.prompt'));
    const messages = await compiled.render({}, { history: [{ role: 'user', content: [{ text: 'hello' }] }], context: { auth: { email: 'a@b.c' } } });
    expect(messages).toEqual([
      { role: 'system', content: 'For a@b.c (viewer)' },
      { role: 'user', content: 'hello' },
    ]);
  });

  it('refuses a row that fills no value for an @ variable, naming it', async () => {
    const compiled = await compilePrompt(parsePrompt('Hi {{@tenant.name}}', 'c.prompt'));
    const error = (await rejected(compiled.render({}))) as UserError;
    expect(error.code).toBe('prompt.missing-variables');
    expect(error.message).toBe('missing context @tenant');
    expect(error.fix).toMatch(/column named @tenant/);
  });
});
