// The CLI's code cache (src/cli/compile-cache.ts), each load in its own Node process as the CLI
// does it: V8 keeps compiled scripts in memory, so a second load in one process would not show
// whether the cached data on disk was used.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli-process';

const loader = path.resolve(__dirname, '../../dist/cli-loader.js');

interface LoadReport {
  status: string;
  exports: { answer: number; helper: string; dirname: string };
}

let dir: string;
let bundle: string;
let cacheDir: string;

beforeEach(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-compile-cache-'));
  bundle = path.join(dir, 'bundle.js');
  cacheDir = path.join(dir, 'cache');
  writeFileSync(path.join(dir, 'helper.js'), `module.exports = 'helper beside the bundle';\n`);
  writeBundle(41);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A CommonJS bundle with enough functions for V8 to cache; `n` changes its content, not its length. */
function writeBundle(n: number): void {
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  writeFileSync(bundle, `'use strict';\n${functions}\nmodule.exports = { answer: f1(${n}), helper: require('./helper.js'), dirname: __dirname };\n`);
}

function load(variant: string, env: Record<string, string> = {}): LoadReport {
  const script = `
    const { loadWithCompileCache } = require(${JSON.stringify(loader)});
    const loaded = loadWithCompileCache(${JSON.stringify(bundle)}, { cacheDir: ${JSON.stringify(cacheDir)}, variant: ${JSON.stringify(variant)} });
    process.once('exit', () => loaded.save());
    process.stdout.write(JSON.stringify({ status: loaded.cacheStatus, exports: loaded.exports }));`;
  const stdout = execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return JSON.parse(stdout) as LoadReport;
}

const cacheFiles = (): string[] => readdirSync(cacheDir).sort();

describe('CLI compile cache', () => {
  it('compiles from source once, then from the cache, with require and __dirname of the bundle', () => {
    const first = load('run');
    expect(first).toEqual({ status: 'miss', exports: { answer: 42, helper: 'helper beside the bundle', dirname: dir } });
    const [file, ...others] = cacheFiles();
    expect(others).toEqual([]);
    expect(file).toMatch(/^bundle\.run-[0-9a-f]+-[0-9a-f]+-v[\d.]+-\w+\.v8cache$/);
    expect(statSync(path.join(cacheDir, file ?? '')).mode & 0o777).toBe(0o600);

    expect(load('run')).toEqual({ ...first, status: 'hit' });
  });

  it('keeps one cache per variant and replaces a variant’s cache when the bundle changes', () => {
    load('run');
    load('runs');
    const [runCache, runsCache] = cacheFiles();

    writeBundle(42); // same length, other content: V8 alone would take the old cache
    const changed = load('run');
    expect(changed.status).toBe('miss');
    expect(changed.exports.answer).toBe(43);
    const after = cacheFiles();
    expect(after).toHaveLength(2);
    expect(after).toContain(runsCache);
    expect(after).not.toContain(runCache);
    expect(load('run').status).toBe('hit');
  });

  it('compiles from source when V8 rejects the cached data, and writes a good cache', () => {
    load('run');
    const [file] = cacheFiles();
    const cachePath = path.join(cacheDir, file ?? '');
    writeFileSync(cachePath, Buffer.alloc(readFileSync(cachePath).length, 7));

    const rejected = load('run');
    expect(rejected.status).toBe('rejected');
    expect(rejected.exports.answer).toBe(42);
    expect(load('run').status).toBe('hit');
  });

  it('reads and writes nothing with NODE_DISABLE_COMPILE_CACHE=1, as Node’s own cache', () => {
    load('run');
    const disabled = load('run', { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(disabled.status).toBe('disabled');
    expect(disabled.exports.answer).toBe(42);
    rmSync(cacheDir, { recursive: true });
    load('run', { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it('runs the bundle when the cache folder cannot be written', () => {
    writeFileSync(cacheDir, 'a file where the folder should be');
    expect(load('run')).toMatchObject({ status: 'miss', exports: { answer: 42 } });
    expect(load('run').status).toBe('miss');
  });

  it('the real CLI runs from its cache, including the tokenizer it loads on demand for --estimate', async () => {
    // Node 20 loses the import() callback of code from a cache: dist/cli.js is built without import().
    writeFileSync(path.join(dir, 'ask.prompt'), `---\nmodel: groq/llama-3.1-8b-instant\n---\n{{role "user"}}Classify: {{ticket}}\n`);
    writeFileSync(path.join(dir, 'rows.csv'), 'ticket\nmy invoice is wrong\n');
    const env = { XDG_CACHE_HOME: cacheDir, REFINERY_HOME: path.join(dir, 'store'), GROQ_API_KEY: 'unused-by-estimate' };
    const estimate = () => runCli(['run', 'ask.prompt', '--dataset', 'rows.csv', '--estimate'], { cwd: dir, env });

    const first = await estimate();
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(path.join(cacheDir, 'refinery'))).toEqual([expect.stringMatching(/^cli\.run-.*\.v8cache$/)]);
    const second = await estimate();
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toMatch(/groq\/llama-3\.1-8b-instant: 1 calls?, ~\d+ input/);
  });
});
