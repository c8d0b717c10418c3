import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/args';
import { cliRunOptions } from '../../../src/cli/run-options';
import { DEFAULT_PRICE_TABLE } from '../../../src/core/cost';
import { createScheduler, type SchedulerOptions } from '../../../src/core/executor';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers';
import { executeSession, prepareRun, resumeRun, RUN_RETRIES, startRun, type RunSession, type RunSessionOptions } from '../../../src/core/run';
import { editorRunOptions } from '../../../src/extension/runs/run-options';
import { parseSettings, type RefinerySettings } from '../../../src/extension/settings-schema';
import { openLocalStore, type LocalStore } from '../../../src/store/local';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

// The CLI and the editor build their run options from different inputs (flags; settings), and the
// core resolves them in one place. For the same inputs both store the same limits and run with
// exactly those, for new runs and resumed ones.

const MODEL = 'groq/llama-3.1-8b-instant';
const ROWS = 3;

let root: string;
let store: LocalStore;
let server: FakeServer;
let registry: ProviderRegistry;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-session-'));
  store = await openLocalStore({ dataDir: path.join(root, 'home'), seed: false });
  server = await startFakeServer({ latencyMs: 1, respond: () => 'ok' });
  registry = createProviderRegistry({ env: { GROQ_API_KEY: 'k', GROQ_BASE_URL: server.url } });
  fs.writeFileSync(path.join(root, 'tickets.csv'), `ticket\n${Array.from({ length: ROWS }, (_, i) => `t${i}`).join('\n')}\n`);
});

afterAll(async () => {
  await registry.close();
  await server.close();
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function promptFile(name: string, refinery: string): string {
  const file = path.join(root, `${name}.prompt`);
  fs.writeFileSync(file, `---\nmodel: ${MODEL}\nrefinery.dataset: tickets.csv\n${refinery}---\n{{role "user"}}{{ticket}}\n`);
  return file;
}

/** The VS Code settings as the extension reads them, from raw `refinery.*` values (unset: their defaults). */
function settings(raw: Partial<Record<'concurrency' | 'requestTimeoutMs', number>> = {}): RefinerySettings {
  return parseSettings((name) => (name === 'concurrency' || name === 'requestTimeoutMs' ? raw[name] : undefined)).settings;
}

const cli = (argv: string[]): RunSessionOptions => cliRunOptions(parseCliArgs(['run', 'p.prompt', ...argv]), root);
const editor = (raw?: Parameters<typeof settings>[0]): RunSessionOptions => editorRunOptions(settings(raw), root);

/** Executes the session and returns what its scheduler was given. */
async function ranWith(session: RunSession): Promise<Pick<SchedulerOptions, 'concurrency' | 'timeoutMs' | 'maxAttempts'>> {
  let given: SchedulerOptions | undefined;
  const outcome = await executeSession(session, {
    store,
    resolve: (id) => registry.resolve(id),
    prices: DEFAULT_PRICE_TABLE,
    writer: { flushIntervalMs: 5 },
    createScheduler: (options) => {
      given = options;
      return createScheduler(options);
    },
  });
  expect(outcome.status).toBe('completed');
  if (!given) throw new Error('the session made no scheduler');
  return { concurrency: given.concurrency, timeoutMs: given.timeoutMs, maxAttempts: given.maxAttempts };
}

async function stored(runId: string) {
  const run = await store.getRun(runId);
  return { concurrency: run?.config.concurrency, timeoutMs: run?.config.timeoutMs };
}

async function startWith(promptPath: string, options: RunSessionOptions) {
  const prepared = await prepareRun({ promptPath, cwd: root });
  const session = await startRun(store, prepared, options);
  return { session, stored: await stored(session.plan.run.id), ran: await ranWith(session) };
}

describe('one run session for the CLI and the editor', () => {
  it.each([
    { case: 'the prompt file sets both limits', refinery: 'refinery.concurrency: 3\nrefinery.timeout: 4000\n', limits: { concurrency: 3, timeoutMs: 4000 } },
    { case: 'nothing sets them', refinery: '', limits: { concurrency: 16, timeoutMs: 60_000 } },
  ])('a new run: $case — both front-ends store and run with the same limits', async ({ refinery, limits }) => {
    const promptPath = promptFile(`new-${limits.concurrency}`, refinery);

    const fromCli = await startWith(promptPath, cli([]));
    const fromEditor = await startWith(promptPath, editor());

    for (const result of [fromCli, fromEditor]) {
      expect(result.stored).toEqual(limits);
      expect(result.ran).toEqual({ ...limits, ...RUN_RETRIES });
    }
  });

  it('a CLI flag wins over the prompt file, and the run stores the timeout it ran with', async () => {
    const promptPath = promptFile('flagged', 'refinery.concurrency: 3\nrefinery.timeout: 4000\n');
    const { stored, ran } = await startWith(promptPath, cli(['--timeout', '2500']));
    expect(stored).toEqual({ concurrency: 3, timeoutMs: 2500 });
    expect(ran).toEqual({ concurrency: 3, timeoutMs: 2500, ...RUN_RETRIES });
  });

  it('the settings fill in what the prompt file leaves out, and a new run stores them', async () => {
    const promptPath = promptFile('half', 'refinery.timeout: 4000\n');
    const { stored, ran } = await startWith(promptPath, editor({ concurrency: 5, requestTimeoutMs: 9000 }));
    expect(stored).toEqual({ concurrency: 5, timeoutMs: 4000 });
    expect(ran).toEqual({ concurrency: 5, timeoutMs: 4000, ...RUN_RETRIES });
  });

  it('a resumed run keeps its stored limits, whichever front-end resumes it and whatever it is given', async () => {
    const promptPath = promptFile('resumed', 'refinery.concurrency: 3\nrefinery.timeout: 4000\n');
    const { session } = await startWith(promptPath, cli(['--concurrency', '2', '--timeout', '3000']));
    const runId = session.plan.run.id;

    for (const options of [cli([]), cli(['--concurrency', '7', '--timeout', '7000']), editor(), editor({ concurrency: 9, requestTimeoutMs: 9000 })]) {
      const resumed = await resumeRun(store, runId, options);
      expect(resumed.limits).toEqual({ concurrency: 2, timeoutMs: 3000 });
      expect(await ranWith(resumed)).toEqual({ concurrency: 2, timeoutMs: 3000, ...RUN_RETRIES });
    }
    expect(await stored(runId)).toEqual({ concurrency: 2, timeoutMs: 3000 });
  });

  it('a run stored before its limits were kept resumes with the limits its stored prompt sets, from either front-end', async () => {
    const promptPath = promptFile('legacy', 'refinery.concurrency: 3\nrefinery.timeout: 4000\n');
    const { session } = await startWith(promptPath, cli([]));
    const { plan } = session;
    const legacy = await store.createRun({
      promptId: plan.run.promptId,
      datasetId: plan.run.datasetId,
      promptText: plan.run.promptText,
      graderTexts: {},
      config: { promptPath: plan.run.config.promptPath, datasetPath: plan.run.config.datasetPath },
      models: plan.run.models.map(({ provider, model, displayLabel, params }) => ({ provider, model, displayLabel, params })),
    });

    const viaCli = await resumeRun(store, legacy.id, cli([]));
    const viaEditor = await resumeRun(store, legacy.id, editor());
    expect(viaCli.limits).toEqual({ concurrency: 3, timeoutMs: 4000 });
    expect(viaEditor.limits).toEqual(viaCli.limits);
    expect(await ranWith(viaEditor)).toEqual({ concurrency: 3, timeoutMs: 4000, ...RUN_RETRIES });
  });
});
