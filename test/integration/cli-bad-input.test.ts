import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startCli } from '../support/cli-process';

// Every malformed input gives exit code 2 and one clear error naming the file, the line where
// there is one, and the fix — never a stack trace. All of these fail before the store opens.
let dir: string;
const env = () => ({ REFINERY_HOME: path.join(dir, 'store') });

const goodPrompt = `---
model: sim/echo
---
{{role "user"}}Classify: {{ticket}}
`;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function expectCleanError(args: string[], expected: { file?: string; line?: number; text: RegExp }, extraEnv = {}) {
  const { code, stderr, stdout } = await runCli(args, { cwd: dir, env: { ...env(), ...extraEnv } });
  expect(code, stdout + stderr).toBe(2);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack frames
  expect(stderr).toMatch(/error: /);
  expect(stderr).toMatch(/\n {2}fix: \S/);
  expect(stderr).toMatch(expected.text);
  if (expected.file) {
    const where = expected.line ? `${expected.file}:${expected.line}` : expected.file;
    expect(stderr).toContain(where);
  }
  return stderr;
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-bad-input-'));
});

describe('refinery run with bad input', () => {
  it('bad YAML names the file and the line', async () => {
    const file = write('bad-yaml.prompt', `---\nmodel: sim/echo\nconfig:\n  temperature: [0.2\n---\n{{role "user"}}hi\n`);
    await expectCleanError(['run', file], { file, line: 4, text: /yaml|YAML|flow|bracket|collection/i });
  });

  it('placeholders the dataset does not fill are listed by name', async () => {
    const prompt = write('needs-locale.prompt', `---\nmodel: sim/echo\n---\n{{role "user"}}{{ticket}} in {{locale}}\n`);
    const data = write('no-locale.csv', 'ticket\nhello\n');
    const stderr = await expectCleanError(['run', prompt, '--dataset', data], { text: /locale/ });
    expect(stderr).not.toMatch(/\bticket\b.*missing/);
  });

  it('a ragged CSV row is reported with its line', async () => {
    const data = write('ragged.csv', 'ticket,expected\nfine,billing\n"two\nlines",bug\ntoo,many,fields\n');
    const prompt = write('ok.prompt', goodPrompt);
    await expectCleanError(['run', prompt, '--dataset', data], { file: data, line: 5, text: /field|column/i });
  });

  it('invalid JSON is reported with its line', async () => {
    const data = write('broken.json', '[\n  {"ticket": "a"},\n  {"ticket": "b",}\n]\n');
    const prompt = write('ok2.prompt', goodPrompt);
    await expectCleanError(['run', prompt, '--dataset', data], { file: data, line: 3, text: /JSON/i });
  });

  it('an empty dataset file says it is empty', async () => {
    const data = write('empty.csv', '');
    const prompt = write('ok3.prompt', goodPrompt);
    await expectCleanError(['run', prompt, '--dataset', data], { file: data, text: /empty/i });
  });

  it('an empty prompt file says it is empty', async () => {
    const prompt = write('empty.prompt', '');
    await expectCleanError(['run', prompt], { file: prompt, text: /empty/i });
  });

  it('a missing provider key says which variable to set', async () => {
    const prompt = write('groq.prompt', `---\nmodel: groq/llama-3.1-8b-instant\n---\n{{role "user"}}hi\n`);
    const stderr = await expectCleanError(['run', prompt], { text: /GROQ_API_KEY/ }, { GROQ_API_KEY: '' });
    expect(stderr).toMatch(/export GROQ_API_KEY/);
  });

  it('a file that does not exist is named', async () => {
    await expectCleanError(['run', path.join(dir, 'nope.prompt')], { file: 'nope.prompt', text: /not|cannot|no such/i });
  });

  it('an unknown flag explains usage', async () => {
    await expectCleanError(['run', 'x.prompt', '--modle', 'sim/echo'], { text: /modle/ });
  });

  it('output into a pipe its reader closed (`refinery help | true`) ends quietly, with exit code 0', async () => {
    const cli = startCli(['help'], { cwd: dir, env: env() });
    cli.child.stdout?.destroy(); // before the CLI has loaded and written its first line
    const code = await cli.exit;
    const { stderr } = cli.output();
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
