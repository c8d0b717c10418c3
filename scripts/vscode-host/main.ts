/**
 * `npm run test:vscode`: the extension tested in a real VS Code (code-server + headless Chromium).
 *
 *  1. setup.sh installs Node 24 + code-server once into a cache outside the repository;
 *  2. the fake OpenAI-compatible server starts; code-server's user settings point the `refinery.*`
 *     provider settings at it, and VS Code opens a temp copy of test/fixtures/workspace;
 *  3. the extension-host mocha suite (test/vscode/suite) runs inside VS Code's extension host
 *     with the repository as the development extension;
 *  4. the UI suite (test/vscode/ui/*.ui.test.ts) drives the workbench with playwright-core, on a
 *     fresh workspace copy, and saves screenshots to test-results/vscode/;
 *  5. with `--vsix <file>`, the packaged extension is installed into a fresh code-server
 *     (`--install-extension`) and the installed-extension UI suite runs against it instead.
 *
 * Writes test-results/vscode.json (counts per suite) and exits non-zero when anything failed.
 * Every process it starts (code-server's process group, the fake server) is ended on the way out,
 * whatever happens. Options: `--only host|ui|restricted|shared` (`host`: the extension-host suite and the shared-store one), `--file <part of a UI test file name>`, `--vsix <file>`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { z } from 'zod';
import { DEFAULT_MODELS } from '../../test/fake-server/model-catalog';
import { spawnFakeServer, type SpawnedFakeServer } from '../../test/fake-server/spawn';
import { setUiSession } from '../../test/vscode/ui/harness';
import { startCodeServer, type CodeServer } from './code-server';
import { emptyCounts, suiteCountsSchema, writeResults, type SuiteCounts, type VsCodeResults } from './results';
import { ensureTools, type VsCodeHostTools } from './tools';
import { runSharedStoreSuite } from './shared-store';
import { launchChromium, runExtensionTests } from './workbench';
import { copyFixtureWorkspace, fakeProviderSettings, type TempWorkspace } from './workspace';

const repoRoot = resolve('.');
const bundleDir = join(repoRoot, 'dist/test/vscode');
const resultsFile = join(repoRoot, 'test-results/vscode.json');
/** Screenshots, failure screenshots and VS Code logs; the .vsix run keeps its own so neither wipes the other's. */
let screenshotDir = join(repoRoot, 'test-results/vscode');
const activationFile = join(repoRoot, 'test-results/vscode-activation.json');

interface Options {
  only: 'host' | 'ui' | 'restricted' | 'shared' | undefined;
  vsix: string | undefined;
  /** Only the UI test files whose name contains this (while working on one suite). */
  file: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { only: undefined, vsix: undefined, file: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--only' && (value === 'host' || value === 'ui' || value === 'restricted' || value === 'shared')) {
      options.only = value;
      i++;
    } else if (arg === '--vsix' && value) {
      options.vsix = resolve(value);
      i++;
    } else if (arg === '--file' && value) {
      options.file = value;
      i++;
    } else {
      throw new Error(`unknown argument ${arg ?? ''}: expected --only host|ui|restricted|shared, --file <part of a UI test file name> or --vsix <file>`);
    }
  }
  return options;
}

/** Everything started so far, ended in reverse order; also on Ctrl-C and on a crash. */
const cleanups: (() => Promise<void> | void)[] = [];
const lastResorts: (() => void)[] = [];
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
}
process.on('exit', () => lastResorts.forEach((kill) => kill()));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

let anyFailure = false;

/** SUPABASE_TEST_URL / SUPABASE_TEST_ANON_KEY, passed on to the extension host when set. */
function supabaseTestEnvironment(): Record<string, string> {
  const names = ['SUPABASE_TEST_URL', 'SUPABASE_TEST_ANON_KEY'] as const;
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

/**
 * The local store of every VS Code started here: a temp folder (never the user's own store), its
 * store host exiting soon after the last window. Removed at the end (after code-server stops).
 */
function newStoreFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-vscode-store-'));
  cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startServer(tools: VsCodeHostTools, fake: SpawnedFakeServer, options: { installVsix?: string; workspaceTrust?: boolean } = {}): Promise<CodeServer> {
  const t0 = Date.now();
  const server = await startCodeServer(tools, {
    env: { REFINERY_HOME: newStoreFolder(), REFINERY_STORE_IDLE_MS: '5000' },
    userSettings: fakeProviderSettings(fake.url),
    // a trivial extension beside ours: the floor of the activation figure (activation.test.ts)
    extensionFolders: [join(repoRoot, 'test/vscode/fixtures/trivial-extension')],
    ...options,
  });
  cleanups.push(async () => {
    // VS Code's own logs (extension host, renderer, server) are what explains a failure on CI
    if (anyFailure) cpSync(join(server.dataDir, 'user/logs'), join(screenshotDir, 'logs'), { recursive: true });
    await server.stop();
  });
  lastResorts.push(() => server.kill());
  console.log(`code-server ${server.url} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return server;
}

function newWorkspace(): TempWorkspace {
  const workspace = copyFixtureWorkspace(repoRoot);
  cleanups.push(() => workspace.remove());
  return workspace;
}

async function runHostSuite(browser: Browser, server: CodeServer, fake: SpawnedFakeServer): Promise<SuiteCounts> {
  const resultFile = join(repoRoot, 'test-results/vscode-extension-host.json');
  const workspace = newWorkspace();
  const code = await runExtensionTests(
    browser,
    {
      serverUrl: server.url,
      folder: workspace.dir,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(bundleDir, 'suite/index.js'),
      extensionEnvironment: {
        REFINERY_FAKE_SERVER_URL: fake.url,
        REFINERY_TEST_RESULT_FILE: resultFile,
        REFINERY_ACTIVATION_FILE: activationFile,
        // the local Supabase API when run under scripts/with-supabase-lite.sh (test.sh does)
        ...supabaseTestEnvironment(),
      },
    },
    Number(process.env.REFINERY_VSCODE_TIMEOUT_MS ?? 300_000),
    (line) => console.log(line),
  );
  const counts = existsSync(resultFile) ? suiteCountsSchema.parse(JSON.parse(readFileSync(resultFile, 'utf8'))) : emptyCounts();
  // A suite that crashed before mocha reported anything has failed, whatever it counted.
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.failures.push({ title: 'extension host suite', error: `VS Code exited with code ${code}` });
  }
  return counts;
}

async function runUiSuite(browser: Browser, server: CodeServer, fake: SpawnedFakeServer, pattern: RegExp, installed: boolean, file?: string): Promise<SuiteCounts> {
  const workspace = newWorkspace();
  setUiSession({
    serverUrl: server.url,
    fakeServer: fake,
    workspace: workspace.dir,
    extensionDevelopmentPath: installed ? undefined : repoRoot,
    screenshotDir,
    userSettingsFile: join(server.dataDir, 'user/User/settings.json'),
    browser,
    fakeServerUrl: fake.url,
  });
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 120_000, reporter: 'spec' });
  for (const name of readdirSync(join(bundleDir, 'ui')).filter((f) => pattern.test(f) && (file === undefined || f.includes(file))).sort()) mocha.addFile(join(bundleDir, 'ui', name));
  await mocha.loadFilesAsync();
  const counts = emptyCounts();
  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on('pass', () => counts.passed++);
    runner.on('pending', () => counts.pending++);
    runner.on('fail', (test, error: unknown) => {
      counts.failed++;
      counts.failures.push({ title: test.fullTitle(), error: error instanceof Error ? error.message : String(error) });
    });
  });
  return counts;
}

async function timed(suites: VsCodeResults['suites'], name: string, run: () => Promise<SuiteCounts>): Promise<void> {
  const t0 = Date.now();
  console.log(`── VS Code: ${name}`);
  suites[name] = { ...(await run()), seconds: Math.round((Date.now() - t0) / 100) / 10 };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.vsix) screenshotDir = join(repoRoot, 'test-results/vscode-vsix');
  if (!existsSync(join(bundleDir, 'suite/index.js'))) throw new Error('dist/test/vscode is missing: run npm run build first');
  const tools = ensureTools(repoRoot);
  // The workspace's prompts run `fake/triage-small` (and the multi-turn UI test `fake/chat-small`): the fake
  // endpoint lists them, as a real server lists its models. Requests are recorded so a UI test can compare
  // what the server received with the run's record.
  const fake = await spawnFakeServer({ models: [...DEFAULT_MODELS, 'triage-small', 'chat-small'], recordRequests: true });
  cleanups.push(() => fake.stop());
  lastResorts.push(() => {
    try {
      if (fake.pid > 0) process.kill(fake.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  });
  const browser = await launchChromium();
  cleanups.push(() => browser.close());

  rmSync(join(screenshotDir, 'logs'), { recursive: true, force: true });
  for (const stale of existsSync(screenshotDir) ? readdirSync(screenshotDir).filter((f) => f.startsWith('failed-')) : []) rmSync(join(screenshotDir, stale));
  mkdirSync(screenshotDir, { recursive: true });
  // the .vsix run measures no activation: it keeps the development run's figure
  if (!options.vsix) rmSync(activationFile, { force: true });
  const suites: VsCodeResults['suites'] = {};
  if (options.vsix) {
    const server = await startServer(tools, fake, { installVsix: options.vsix });
    await timed(suites, 'installed .vsix (UI)', () => runUiSuite(browser, server, fake, /\.vsix\.test\.js$/, true));
  } else {
    const server = options.only === 'restricted' ? undefined : await startServer(tools, fake);
    if (server && (options.only === undefined || options.only === 'host')) await timed(suites, 'extension host', () => runHostSuite(browser, server, fake));
    if (server && (options.only === undefined || options.only === 'host' || options.only === 'shared')) {
      await timed(suites, 'extension hosts: one store for two windows and the CLI', () =>
        runSharedStoreSuite({ browser, server, fake, repoRoot, bundleDir, storeDir: newStoreFolder(), newWorkspace, print: (line) => console.log(line) }),
      );
    }
    if (server && (options.only === undefined || options.only === 'ui')) await timed(suites, 'UI', () => runUiSuite(browser, server, fake, /\.ui\.test\.js$/, false, options.file));
    if ((options.only === undefined || options.only === 'ui' || options.only === 'restricted') && options.file === undefined) {
      // its own VS Code, with Workspace Trust on: the fresh fixture copy opens in Restricted Mode
      const restricted = await startServer(tools, fake, { workspaceTrust: true });
      await timed(suites, 'UI: Restricted Mode', () => runUiSuite(browser, restricted, fake, /\.untrusted\.test\.js$/, false));
    }
  }
  const activationSchema = z.object({ activationMs: z.number(), ownMs: z.number().optional(), floor: z.object({ activationMs: z.number() }).optional(), aboveFloorMs: z.number().optional() });
  const activation = existsSync(activationFile) ? activationSchema.parse(JSON.parse(readFileSync(activationFile, 'utf8'))) : undefined;
  const results = writeResults(options.vsix ? join(repoRoot, 'test-results/vscode-vsix.json') : resultsFile, suites, activation?.activationMs);
  anyFailure = results.failed > 0;
  for (const [name, s] of Object.entries(suites)) {
    console.log(`${name}: ${s.passed} passed, ${s.failed} failed${s.pending ? `, ${s.pending} pending` : ''} (${s.seconds} s)`);
    for (const f of s.failures) console.log(`  ✗ ${f.title}: ${f.error.split('\n')[0] ?? ''}`);
  }
  if (activation) {
    // VS Code's own "Activation" figure (Show Running Extensions) is code loading + the activate call
    const own = activation.ownMs === undefined ? '' : `activation (VS Code's figure: code loading + activate()) ${activation.ownMs} ms (target < 50 ms); `;
    const floor = activation.floor ? `; a trivial extension ${activation.floor.activationMs} ms, ours minus it ${activation.aboveFloorMs ?? '?'} ms` : '';
    console.log(`extension ${own}from loading the code to activate() resolving, context preparation included: ${activation.activationMs} ms${floor}`);
  }
  if (anyFailure) console.log(`VS Code logs copied to ${join(screenshotDir, 'logs')}`);
  return results.failed > 0 || results.passed === 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    anyFailure = true;
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await cleanUp();
    process.exit(1);
  });
