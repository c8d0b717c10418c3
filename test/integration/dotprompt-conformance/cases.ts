/**
 * Refinery's own Dotprompt conformance cases, one or more per feature of Google's Dotprompt spec
 * (helpers, roles, history, partials, context, media, schemas, whitespace). Written for Refinery,
 * modelled on what the spec checks: each case is a folder (a `case.prompt`, maybe partials, images
 * and a dataset) run through the real CLI; `sent` is what each dataset row must send, in the
 * OpenAI wire form. Unless `dotprompt` says otherwise, the test also renders the case with the
 * `dotprompt` package itself and checks that it gives exactly `sent`: Refinery sends what
 * Dotprompt renders. A case that Refinery refuses says so with `refused` (a clear error before
 * any request) or `rowErrors` (that row's cell fails with that message, nothing sent).
 */

export type Feature = 'helpers' | 'roles' | 'history' | 'partials' | 'context' | 'media' | 'schemas' | 'whitespace';

export type WireMessage = { role: string; content: string | Array<Record<string, unknown>> };

export interface ConformanceCase {
  feature: Feature;
  name: string;
  /** The case folder; `case.prompt` is the prompt. */
  files: Record<string, string | Buffer>;
  /** Written as `data.jsonl` (unless `dataset` names a file of `files`). */
  rows?: Array<Record<string, unknown>>;
  dataset?: string;
  /** Default: a Groq text model on the fake server; `IMAGE_MODEL` is an endpoint on it. */
  model?: string;
  args?: string[];
  /** What each row sends (rows in order); null for a row in `rowErrors`. */
  sent?: Array<WireMessage[] | null>;
  /** Fields the request body must carry besides the messages (and the record must keep). */
  params?: Record<string, unknown>;
  /** Row index → the cell's error: nothing is sent for it. */
  rowErrors?: Record<number, RegExp>;
  /** Refused before any request, with this message, naming `at` (file:line) when given. */
  refused?: { text: RegExp; at?: string };
  /**
   * How to compare with the `dotprompt` package: skip (with the reason: a documented deviation),
   * or map a `{{media}}` URL the way Refinery resolves it.
   */
  dotprompt?: { skip: string } | { mediaUrl: (url: string) => string };
  /** Other text some request must carry (a grader's), checked against the server. */
  alsoSent?: string[];
}

export const TEXT_MODEL = 'groq/openai/gpt-oss-120b';
/** An OpenAI-compatible endpoint the test declares (`refinery.config.json`): Refinery cannot tell whether it takes images, so it sends them. */
export const IMAGE_ENDPOINT = 'vision';
export const IMAGE_MODEL = `${IMAGE_ENDPOINT}/vision-model`;

/** A 1×1 PNG. */
export const DOT_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const DOT_DATA_URL = `data:image/png;base64,${DOT_PNG.toString('base64')}`;

const user = (content: WireMessage['content']): WireMessage => ({ role: 'user', content });
const system = (content: string): WireMessage => ({ role: 'system', content });
const assistant = (content: string): WireMessage => ({ role: 'assistant', content });

export const CASES: ConformanceCase[] = [
  // helpers -----------------------------------------------------------------------------------
  {
    feature: 'helpers',
    name: 'json, ifEquals and unlessEquals',
    files: { 'case.prompt': '{{json this}}\n{{#ifEquals a b}}same{{else}}different{{/ifEquals}}\n{{#unlessEquals a b}}unequal{{/unlessEquals}}\n' },
    rows: [
      { a: 5, b: 5 },
      { a: 5, b: '5' },
    ],
    sent: [[user('{"a":5,"b":5}\nsame\n\n')], [user('{"a":5,"b":"5"}\ndifferent\nunequal\n')]],
  },
  {
    feature: 'helpers',
    name: 'section markers send nothing of their own',
    files: { 'case.prompt': '{{section "intro"}}\nHello {{name}}\n{{section "main"}}\nBody\n' },
    rows: [{ name: 'Ada' }],
    sent: [[user('\nHello Ada\n\nBody\n')]],
  },
  {
    feature: 'helpers',
    name: 'unicode text and values',
    files: { 'case.prompt': '你好, {{name}}! {{emoji}}\n' },
    rows: [{ name: 'Κόσμος', emoji: '👨‍👩‍👧‍👦' }],
    sent: [[user('你好, Κόσμος! 👨‍👩‍👧‍👦\n')]],
  },

  // roles -------------------------------------------------------------------------------------
  {
    feature: 'roles',
    name: 'system, user, model and user again, each text as rendered',
    files: { 'case.prompt': '{{role "system"}}You are terse.\n{{role "user"}}{{question}}\n{{role "model"}}Noted.\n{{role "user"}}And {{followUp}}?\n' },
    rows: [{ question: 'Why?', followUp: 'how' }],
    sent: [[system('You are terse.\n'), user('Why?\n'), assistant('Noted.\n'), user('And how?\n')]],
  },
  {
    feature: 'roles',
    name: 'a role named by a variable',
    files: { 'case.prompt': '---\ninput:\n  schema: { who: string, q: string }\n---\n{{role who}}Be exact.\n{{role "user"}}{{q}}' },
    rows: [{ who: 'system', q: 'Q?' }],
    sent: [[system('Be exact.\n'), user('Q?')]],
  },
  {
    feature: 'roles',
    name: 'a prompt that is only a system message still sends the conversation after it',
    files: { 'case.prompt': '{{role "system"}}Rules here.\n' },
    rows: [{ messages: [{ role: 'user', content: 'hello' }] }],
    sent: [[system('Rules here.\n'), user('hello')]],
  },

  // history -----------------------------------------------------------------------------------
  {
    feature: 'history',
    name: '{{history}} inserts the conversation where it stands',
    files: { 'case.prompt': '{{role "system"}}Support bot.\n{{history}}\n{{role "user"}}{{question}}\n' },
    rows: [
      {
        question: 'Order 42',
        messages: [
          { role: 'user', content: 'My order is late' },
          { role: 'assistant', content: 'Which order?' },
        ],
      },
    ],
    sent: [[system('Support bot.\n'), user('My order is late'), assistant('Which order?'), user('Order 42\n')]],
  },
  {
    feature: 'history',
    name: 'without {{history}} the conversation goes before the last user message',
    files: { 'case.prompt': '{{role "system"}}Support bot.\n{{role "user"}}{{question}}\n' },
    rows: [
      {
        question: 'Refund?',
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'model', content: [{ text: 'Hello!' }] },
        ],
      },
    ],
    sent: [[system('Support bot.\n'), user('Hi'), assistant('Hello!'), user('Refund?\n')]],
  },
  {
    feature: 'history',
    name: 'a CSV cell holds the conversation as JSON; an empty cell is no history',
    files: {
      'case.prompt': '{{role "system"}}Support bot.\n{{history}}\n{{role "user"}}{{question}}\n',
      'data.csv': 'question,messages\nWhere is it?,"[{""role"": ""user"", ""content"": ""I sent a parcel""}, {""role"": ""assistant"", ""content"": ""When?""}]"\nHello,\n',
    },
    dataset: 'data.csv',
    sent: [
      [system('Support bot.\n'), user('I sent a parcel'), assistant('When?'), user('Where is it?\n')],
      [system('Support bot.\n'), user('Hello\n')],
    ],
  },
  {
    feature: 'history',
    name: 'a malformed conversation fails its row with a clear error',
    files: { 'case.prompt': '{{role "user"}}{{question}}\n' },
    rows: [
      { question: 'A', messages: 'not json' },
      { question: 'B', messages: [{ role: 'narrator', content: 'x' }] },
      { question: 'C', messages: [] },
    ],
    sent: [null, null, [user('C\n')]],
    rowErrors: { 0: /the messages column holds text that is not JSON/, 1: /the messages column is not a conversation at \[0\]\.role: role must be user, assistant \(or model\) or system/ },
  },

  // partials ----------------------------------------------------------------------------------
  {
    feature: 'partials',
    name: '_name.prompt beside the prompt',
    files: { 'case.prompt': '{{> greeting}} Main text.\n', '_greeting.prompt': 'Hello from a partial!' },
    rows: [{ id: 1 }],
    sent: [[user('Hello from a partial! Main text.\n')]],
  },
  {
    feature: 'partials',
    name: 'a partial given key=value (a standalone line)',
    files: { 'case.prompt': '{{> welcome name=username}}\n', '_welcome.prompt': 'Welcome back, {{name}}!' },
    rows: [{ username: 'Alice' }],
    sent: [[user('Welcome back, Alice!')]],
  },
  {
    feature: 'partials',
    name: 'nested partials from a refinery.partials folder, reading the prompt’s variables',
    files: {
      'case.prompt': '---\nrefinery.partials: shared\n---\n{{role "user"}}{{> outer}}',
      'shared/_outer.prompt': 'Outer says {{> inner}}!',
      'shared/_inner.prompt': 'inner {{topic}}',
    },
    rows: [{ topic: 'news' }],
    sent: [[user('Outer says inner news!')]],
  },
  {
    feature: 'partials',
    name: 'a Handlebars comment in a partial (a license header) renders nothing',
    files: { 'case.prompt': '{{> licensed name="World"}}\n', '_licensed.prompt': '{{!--\n  Copyright 2026 Example\n  SPDX-License-Identifier: MIT\n--}}\nHello, {{name}}!\n' },
    rows: [{ id: 1 }],
    sent: [[user('Hello, World!\n')]],
  },
  {
    feature: 'partials',
    name: 'a prompt and its grader each get their own partial of the same name',
    files: {
      'case.prompt': 'Header: {{> header}}\n{{ticket}}\n',
      '_header.prompt': 'PROMPT HEADER',
      'graders/judge.prompt': '---\nmodel: groq/openai/gpt-oss-20b\nrefinery.kind: grader\n---\nHeader: {{> header}}\nAnswer: {{output}}',
      'graders/_header.prompt': 'GRADER HEADER',
    },
    rows: [{ ticket: 'T1' }],
    // the fake judge echoes (no verdict): the case checks what it was sent, not its grade
    args: ['--grader', 'graders/judge.prompt', '--max-ungraded', '100%'],
    sent: [[user('Header: PROMPT HEADER\nT1\n')]],
    alsoSent: ['"content":"Header: GRADER HEADER\\nAnswer: echo: Header: PROMPT HEADER\\nT1\\n"'],
  },
  {
    feature: 'partials',
    name: 'a missing partial is refused before any call, at its line',
    files: { 'case.prompt': 'Intro\n{{> signature}}\n' },
    rows: [{ id: 1 }],
    refused: { text: /no partial 'signature'; looked for .*_signature\.prompt/, at: 'case.prompt:2' },
  },

  // context -----------------------------------------------------------------------------------
  {
    feature: 'context',
    name: '@state and @auth.email from @ columns; a field the row lacks renders empty',
    files: { 'case.prompt': 'Count {{@state.count}}, status {{@state.status}}, user {{@auth.email}} ({{name}})\n' },
    rows: [
      { name: 'Alice', '@state': { count: 42, status: 'active' }, '@auth.email': 'alice@example.com' },
      { name: 'Bob', '@state': { count: 0 }, '@auth.email': 'bob@example.com' },
    ],
    sent: [[user('Count 42, status active, user alice@example.com (Alice)\n')], [user('Count 0, status , user bob@example.com (Bob)\n')]],
  },
  {
    feature: 'context',
    name: 'refinery.context in the frontmatter, and a CSV @ column holding JSON',
    files: {
      'case.prompt': '---\nrefinery.context: { user: { role: viewer } }\n---\n{{@user.role}} at step {{@state.step}}',
      'data.csv': 'id,@state\n1,"{""step"": 3}"\n2,"{""step"": 4}"\n',
    },
    dataset: 'data.csv',
    sent: [[user('viewer at step 3')], [user('viewer at step 4')]],
  },
  {
    feature: 'context',
    name: 'an @ variable nothing fills is refused before any call',
    files: { 'case.prompt': 'Hi {{@tenant.name}}\n' },
    rows: [{ id: 1 }],
    refused: { text: /nothing fills \{\{@tenant\}\}/ },
  },

  // media -------------------------------------------------------------------------------------
  {
    feature: 'media',
    name: 'an image file relative to the dataset is sent inline as an image part',
    files: { 'case.prompt': '{{role "user"}}Describe: {{media url=image}}\n', 'data/images/dot.png': DOT_PNG, 'data/rows.jsonl': '{"image": "images/dot.png"}\n' },
    dataset: 'data/rows.jsonl',
    model: IMAGE_MODEL,
    sent: [[user([{ type: 'text', text: 'Describe: ' }, { type: 'image_url', image_url: { url: DOT_DATA_URL } }])]],
    dotprompt: { mediaUrl: (url) => (url === 'images/dot.png' ? DOT_DATA_URL : url) },
  },
  {
    feature: 'media',
    name: 'data: URLs as they are, https URLs with --allow-remote-media',
    files: { 'case.prompt': '{{media url=image}}' },
    rows: [{ image: 'data:image/png;base64,AAAA' }, { image: 'https://example.com/cat.png' }],
    model: IMAGE_MODEL,
    args: ['--allow-remote-media'],
    sent: [[user([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }])], [user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }])]],
  },
  {
    feature: 'media',
    name: 'without the permission a remote URL is not sent; nor anything but an image',
    files: { 'case.prompt': '{{media url=image}}' },
    rows: [{ image: 'data:image/png;base64,AAAA' }, { image: 'https://example.com/cat.png' }, { image: 'data:text/plain;base64,SGk=' }],
    model: IMAGE_MODEL,
    sent: [[user([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }])], null, null],
    rowErrors: { 1: /remote URL https:\/\/example\.com\/cat\.png, and remote media are off/, 2: /data: URL of type "text\/plain": Refinery sends images only/ },
  },
  {
    feature: 'media',
    name: 'a model that takes no images is refused before any call',
    files: { 'case.prompt': '{{media url=image}}' },
    rows: [{ image: 'data:image/png;base64,AAAA' }],
    model: TEXT_MODEL,
    refused: { text: /groq\/openai\/gpt-oss-120b does not take images/ },
  },

  // schemas -----------------------------------------------------------------------------------
  {
    feature: 'schemas',
    name: 'a Picoschema output schema and the config go out as the request fields',
    files: {
      'case.prompt': '---\nconfig: { temperature: 0.2, maxOutputTokens: 64 }\noutput:\n  schema:\n    label: string, the label\n    confidence?: number\n---\nClassify {{ticket}}',
    },
    rows: [{ ticket: 'T' }],
    sent: [[user('Classify T')]],
    params: {
      temperature: 0.2,
      max_completion_tokens: 64,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'case',
          schema: {
            type: 'object',
            properties: { label: { type: 'string', description: 'the label' }, confidence: { type: ['number', 'null'] } },
            additionalProperties: false,
            required: ['label'],
          },
        },
      },
    },
  },
  {
    feature: 'schemas',
    name: 'a named schema (no registry in Refinery) is refused at its line',
    files: { 'case.prompt': '---\noutput:\n  schema: Ticket\n---\nClassify {{ticket}}' },
    rows: [{ ticket: 'T' }],
    refused: { text: /output\.schema: unknown type 'Ticket'/, at: 'case.prompt:3' },
  },
  {
    feature: 'schemas',
    name: 'a temperature outside 0–2 is refused at its line',
    files: { 'case.prompt': '---\nconfig:\n  temperature: 3\n---\nHello' },
    refused: { text: /config\.temperature must be a number from 0 to 2, got 3/, at: 'case.prompt:3' },
  },

  // whitespace --------------------------------------------------------------------------------
  {
    feature: 'whitespace',
    name: '~ strips whitespace beside a tag, in blocks too',
    files: { 'case.prompt': 'Hello   {{~name~}}   World\nItems:{{#each items~}}\n- {{this}}\n{{~/each}}Done\n' },
    rows: [{ name: 'Ada', items: ['a', 'b'] }],
    sent: [[user('HelloAdaWorld\nItems:- a- bDone\n')]],
  },
  {
    feature: 'whitespace',
    name: 'without a frontmatter nothing is trimmed',
    files: { 'case.prompt': '\n  Leading and trailing spaces, {{name}}  \n\n' },
    rows: [{ name: 'Ada' }],
    sent: [[user('\n  Leading and trailing spaces, Ada  \n\n')]],
  },
  {
    feature: 'whitespace',
    name: 'after a frontmatter the body is trimmed, as dotprompt trims it',
    files: { 'case.prompt': '---\ninput:\n  default: { who: you }\n---\n\n   Hi {{who}}   \n\n' },
    sent: [[user('Hi you')]],
  },
  {
    feature: 'whitespace',
    name: 'CRLF line endings are sent as LF (a documented deviation)',
    files: { 'case.prompt': '{{role "system"}}A\r\n{{role "user"}}B {{x}}\r\n' },
    rows: [{ x: 1 }],
    sent: [[system('A\n'), user('B 1\n')]],
    dotprompt: { skip: 'Refinery normalizes line endings to \\n so a file renders the same on every OS; dotprompt keeps \\r\\n' },
  },
];
