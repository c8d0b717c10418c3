// `npm run test:desktop`: the same extension-host mocha suite as `npm run test:vscode`, in desktop
// VS Code through @vscode/test-cli + @vscode/test-electron, for contributors with internet access.
// It downloads VS Code from update.code.visualstudio.com on first use, so it CANNOT run on machines
// without internet (CI and the project's build machines): those use the code-server host
// (scripts/vscode-host), which installs from the npm registry.
// The fake provider server is started by the harness below, as the code-server launcher does.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

/** The fake OpenAI-compatible server in a child process (it stops when this process ends: stdin closes). */
async function startFakeServer() {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-fake-server-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'fake-server.cjs');
  await build({ entryPoints: ['test/fake-server/main.ts'], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
  const child = spawn(process.execPath, [outfile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return JSON.parse(line).url;
}

const fakeServerUrl = await startFakeServer();
const workspace = join(mkdtempSync(join(tmpdir(), 'refinery-workspace-')), 'workspace');
cpSync('test/fixtures/workspace', workspace, { recursive: true });
// The provider endpoints are application-scoped settings: a fresh user-data-dir carries them
// (the same values as fakeProviderSettings() in scripts/vscode-host/workspace.ts).
const userDataDir = mkdtempSync(join(tmpdir(), 'refinery-vscode-user-'));
mkdirSync(join(userDataDir, 'User'));
writeFileSync(
  join(userDataDir, 'User/settings.json'),
  JSON.stringify({
    'refinery.endpoints': [{ id: 'fake', baseUrl: `${fakeServerUrl}/v1` }],
    'refinery.providers.groq.baseUrl': fakeServerUrl,
    'refinery.providers.cerebras.baseUrl': fakeServerUrl,
  }),
);

process.once('exit', () => {
  for (const dir of [join(workspace, '..'), userDataDir]) rmSync(dir, { recursive: true, force: true });
});

export default defineConfig({
  label: 'extension host',
  files: 'dist/test/vscode/suite/*.test.js',
  version: '1.139.1',
  workspaceFolder: workspace,
  env: { REFINERY_FAKE_SERVER_URL: fakeServerUrl },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
  mocha: { ui: 'tdd', timeout: 60_000 },
});
