/**
 * Two VS Code windows (two extension hosts of one code-server) and a CLI run, at once, on one
 * local store folder: each window runs test/vscode/shared (it writes a run and waits for the
 * others' runs in its own store), while the CLI writes a run and then lists the windows' runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import type { SpawnedFakeServer } from '../../test/fake-server/spawn';
import type { CodeServer } from './code-server';
import { emptyCounts, suiteCountsSchema, type SuiteCounts } from './results';
import { runExtensionTests } from './workbench';
import type { TempWorkspace } from './workspace';

export interface SharedStoreSuite {
  browser: Browser;
  server: CodeServer;
  fake: SpawnedFakeServer;
  repoRoot: string;
  bundleDir: string;
  storeDir: string;
  newWorkspace: () => TempWorkspace;
  print: (line: string) => void;
}

const WINDOWS = ['window-a', 'window-b'];
const TIMEOUT_MS = 300_000;

export async function runSharedStoreSuite(suite: SharedStoreSuite): Promise<SuiteCounts> {
  const exchange = mkdtempSync(join(tmpdir(), 'refinery-shared-exchange-'));
  try {
    const windows = WINDOWS.map((name) => runWindow(suite, name, exchange));
    const cli = runCli(suite, exchange);
    const counts = emptyCounts();
    for (const result of await Promise.all([...windows, cli])) {
      counts.passed += result.passed;
      counts.failed += result.failed;
      counts.pending += result.pending;
      counts.failures.push(...result.failures);
    }
    return counts;
  } finally {
    rmSync(exchange, { recursive: true, force: true });
  }
}

async function runWindow(suite: SharedStoreSuite, name: string, exchange: string): Promise<SuiteCounts> {
  const resultFile = join(exchange, `${name}.result`);
  const code = await runExtensionTests(
    suite.browser,
    {
      serverUrl: suite.server.url,
      folder: suite.newWorkspace().dir,
      extensionDevelopmentPath: suite.repoRoot,
      extensionTestsPath: join(suite.bundleDir, 'shared/index.js'),
      extensionEnvironment: {
        REFINERY_HOME: suite.storeDir,
        REFINERY_SHARED_EXCHANGE: exchange,
        REFINERY_WINDOW: name,
        REFINERY_FAKE_SERVER_URL: suite.fake.url,
        REFINERY_TEST_RESULT_FILE: resultFile,
      },
    },
    TIMEOUT_MS,
    (line) => suite.print(`[${name}] ${line}`),
  ).catch((error: unknown) => {
    suite.print(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
    return 4;
  });
  const counts = existsSync(resultFile) ? suiteCountsSchema.parse(JSON.parse(readFileSync(resultFile, 'utf8'))) : emptyCounts();
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.failures.push({ title: `${name}: shared store suite`, error: `VS Code exited with code ${code}` });
  }
  return counts;
}

/** The CLI's part, counted as one test: its run is stored, and it lists both windows' runs. */
async function runCli(suite: SharedStoreSuite, exchange: string): Promise<SuiteCounts> {
  const counts = emptyCounts();
  const title = 'CLI: writes a run beside two windows and lists theirs, with no store.locked';
  try {
    const workspace = suite.newWorkspace();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REFINERY_HOME: suite.storeDir, REFINERY_STORE_IDLE_MS: '5000', GROQ_API_KEY: 'test-key', GROQ_BASE_URL: suite.fake.url };
    const cli = (args: string[]) => promisify(execFile)(process.execPath, [join(suite.repoRoot, 'bin/refinery.js'), ...args], { cwd: workspace.dir, env, maxBuffer: 1 << 24 });
    const run = await cli(['run', 'prompts/triage.prompt', '--dataset', 'data/tickets.csv', '--model', 'groq/llama-3.1-8b-instant', '--model', 'sim/echo']);
    const runId = /run ([0-9a-f-]{36})/.exec(run.stdout)?.[1];
    if (!runId) throw new Error(`no run id in the CLI's output:\n${run.stdout}${run.stderr}`);
    writeFileSync(join(exchange, 'cli.json'), JSON.stringify({ runId, pid: process.pid }));

    const deadline = Date.now() + TIMEOUT_MS;
    const windowRuns = (): string[] | undefined => {
      const ids = WINDOWS.map((name) => join(exchange, `${name}.json`)).filter((f) => existsSync(f));
      return ids.length === WINDOWS.length ? ids.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { runId: string }).runId) : undefined;
    };
    let ids = windowRuns();
    while (ids === undefined) {
      if (Date.now() > deadline) throw new Error('the windows wrote no run');
      await new Promise((resolve) => setTimeout(resolve, 200));
      ids = windowRuns();
    }
    const list = await cli(['runs', 'list', '--limit', '50']);
    for (const id of [runId, ...ids]) if (!list.stdout.includes(id.slice(0, 8))) throw new Error(`refinery runs list does not show run ${id}:\n${list.stdout}`);
    if (`${run.stderr}${list.stderr}`.includes('store.locked')) throw new Error('store.locked');
    counts.passed = 1;
  } catch (error) {
    counts.failed = 1;
    counts.failures.push({ title, error: error instanceof Error ? error.message : String(error) });
  }
  suite.print(`${counts.failed === 0 ? '✓' : '✗'} ${title}`);
  return counts;
}
