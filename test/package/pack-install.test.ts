import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanNpmEnvironment } from './npm-environment';
import { flagValue, readmeWorkflowSteps, stepRunning } from './readme-workflow';
import { copyRepository } from '../support/copy-repository';

// The CLI as a user gets it: `npm pack` in a copy of the repository's files (its `prepack` builds
// the production bundles), the tarball installed into an empty project, and the README's GitHub
// Actions recipe run there with `npx refinery` — on the offline `sim/*` models, without keys.
const repo = path.resolve(__dirname, '../..');
const manifest = z.object({ name: z.string(), version: z.string() }).parse(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')));
const OFFLINE_MODELS = ['--model', 'sim/echo', '--model', 'sim/echo-2', '--judge', 'sim/judge'];

let work: string;
let tarball: string;
let packedFiles: string[];
let project: string;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: cleanNpmEnvironment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectExit(result: Exit, code: number, what: string): void {
  if (result.code !== code) throw new Error(`${what}: exit ${String(result.code)}, expected ${code}\n${result.stdout}\n${result.stderr}`);
}

const packSchema = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) })).length(1);

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'refinery-pack-'));
  const source = path.join(work, 'source');
  copyRepository(repo, source);
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source });
  expectExit(packed, 0, 'npm pack');
  const [result] = packSchema.parse(JSON.parse(packed.stdout));
  tarball = path.join(work, result?.filename ?? '');
  packedFiles = (result?.files ?? []).map((f) => f.path).sort();
  project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'refinery-pack-test', private: true }));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Files no package should hold: sources, tests, source maps, build scripts, the raw SQL folder. */
function unwantedIn(files: string[]): string[] {
  return files.filter((f) => /^(src|test|webview-ui|scripts|supabase)\//.test(f) || /^docs\/(?!screenshots\/)/.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
}

describe('the .vsix', () => {
  it('lists only what the extension runs, and holds every image the README shows', async () => {
    // In the repository itself: npm cannot list the production dependencies of a copy whose
    // node_modules is a link. Its dist/ is the development build, so the allowlist is put to the
    // test against source maps and test bundles as well.
    if (!existsSync(path.join(repo, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
    const listed = await run('npx', ['vsce', 'ls'], { cwd: repo });
    expectExit(listed, 0, 'vsce ls');
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files).toContain('dist/extension.js');
    expect(files).toContain('dist/store-host.js');
    expect(files).toContain('media/icon.png');
    expect(files).toContain('LICENSE');
    expect(unwantedIn(files)).toEqual([]);
    expect(files.filter((f) => f.startsWith('node_modules/') && !/^node_modules\/(@electric-sql\/pglite|gpt-tokenizer)\//.test(f))).toEqual([]);
    // relative paths: they resolve inside the installed .vsix (vsce keeps them) and on a repository page
    const images = [...readFileSync(path.join(repo, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image, 'a README image is a relative path').not.toMatch(/^[a-z]+:|^\//i);
      expect(existsSync(path.join(repo, image)), `${image} exists`).toBe(true);
      expect(files, `${image} is in the .vsix`).toContain(image);
    }
  });
});

describe('the npm package', () => {
  it('holds the built CLI, the store SQL and seed, the example and the docs; no sources, tests or maps', () => {
    expect(path.basename(tarball)).toBe(`${manifest.name}-${manifest.version}.tgz`);
    for (const needed of [
      'bin/refinery.js',
      'dist/cli.js',
      'dist/cli-loader.js',
      // the local store's host process, which the CLI spawns
      'dist/store-host.js',
      'dist/supabase/local/00_supabase_shim.sql',
      'dist/supabase/local/pgdata-seed.tar.gz',
      'examples/triage/triage.prompt',
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
    ]) {
      expect(packedFiles).toContain(needed);
    }
    expect(packedFiles.filter((f) => f.startsWith('dist/supabase/migrations/') && f.endsWith('.sql')).length).toBeGreaterThan(0);
    expect(unwantedIn(packedFiles)).toEqual([]);
    expect(packedFiles.filter((f) => f.startsWith('node_modules/') || f.startsWith('docs/'))).toEqual([]);
  });

  it('installs from the tarball into an empty project with its production dependencies only', async () => {
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project });
    expectExit(installed, 0, 'npm install <tarball>');
    const topLevel = readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.')).sort();
    expect(topLevel).toEqual(['@electric-sql', 'gpt-tokenizer', manifest.name].sort());
    expect(existsSync(path.join(project, 'node_modules/.bin/refinery'))).toBe(true);
    const help = await run('npx', ['refinery', '--help'], { cwd: project });
    expectExit(help, 0, 'npx refinery --help');
    expect(help.stdout).toMatch(/refinery run <file\.prompt>/);
  });

  it("the README's GitHub Actions recipe installs this version and runs with --junit, --out and --fail-under", async () => {
    const steps = readmeWorkflowSteps(path.join(repo, 'README.md'));
    expect(stepRunning(steps, 'npm install').words).toContain(`${manifest.name}@${manifest.version}`);
    const { step, words } = stepRunning(steps, 'npx refinery run');
    const junit = flagValue(words, '--junit');
    const out = flagValue(words, '--out');
    const failUnder = flagValue(words, '--fail-under');
    expect(junit && out && failUnder, `--junit, --out and --fail-under in: ${words.join(' ')}`).toBeTruthy();
    expect(step.env).toMatchObject({ GROQ_API_KEY: expect.stringContaining('secrets.') as unknown, CEREBRAS_API_KEY: expect.stringContaining('secrets.') as unknown });
    // the artifact step uploads exactly the files the run writes
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    const uploaded = z.string().parse(upload?.with?.path);
    expect(uploaded.trim().split(/\s+/).sort()).toEqual([junit, out].sort());

    // The recipe's prompt path, filled with the example shipped in the package.
    const promptPath = words[3] ?? '';
    mkdirSync(path.join(project, path.dirname(promptPath)), { recursive: true });
    for (const file of ['triage.prompt', 'tickets.csv', 'graders/correct_label.prompt']) {
      mkdirSync(path.dirname(path.join(project, path.dirname(promptPath), file)), { recursive: true });
      copyFileSync(path.join(project, 'node_modules', manifest.name, 'examples/triage', file), path.join(project, path.dirname(promptPath), file));
    }
    const env = { REFINERY_HOME: path.join(work, 'refinery-home') };
    const result = await run(words[0] ?? '', [...words.slice(1), ...OFFLINE_MODELS], { cwd: project, env });

    const rows = Papa.parse<Record<string, string>>(readFileSync(path.join(project, out ?? ''), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBeGreaterThan(0);
    const graded = rows.filter((r) => r.grade_pass === 'true' || r.grade_pass === 'false');
    expect(graded.length).toBe(rows.length);
    const passRate = graded.filter((r) => r.grade_pass === 'true').length / graded.length;
    const threshold = Number(/^pass-rate:([\d.]+)$/.exec(failUnder ?? '')?.[1]);
    expectExit(result, passRate < threshold ? 1 : 0, `the README's run (pass rate ${passRate}, --fail-under ${failUnder ?? ''})`);
    const junitXml = readFileSync(path.join(project, junit ?? ''), 'utf8');
    expect(junitXml).toContain(`tests="${rows.length}"`);
    expect(junitXml).toContain(`failures="${graded.length - graded.filter((r) => r.grade_pass === 'true').length}"`);

    // either side of the measured pass rate: at or under it exits 0, above it exits 1
    expect(passRate, 'the example on the sim models has failing rows (so --fail-under can fail)').toBeLessThan(1);
    const runAt = (threshold: number) => run('npx', ['refinery', 'run', promptPath, ...OFFLINE_MODELS, '--fail-under', `pass-rate:${threshold}`], { cwd: project, env });
    const under = Math.floor(passRate * 100) / 100;
    const over = (Math.floor(passRate * 100) + 1) / 100;
    expectExit(await runAt(under), 0, `a run with --fail-under pass-rate:${under} (pass rate ${passRate})`);
    expectExit(await runAt(over), 1, `a run with --fail-under pass-rate:${over} (pass rate ${passRate})`);
  });

  it('exits 2 with the fix when a flag is wrong', async () => {
    const result = await run('npx', ['refinery', 'run', 'missing.prompt'], { cwd: project, env: { REFINERY_HOME: path.join(work, 'refinery-home') } });
    expectExit(result, 2, 'a run of a missing file');
    expect(result.stderr).toMatch(/missing\.prompt/);
  });
});
