/**
 * Starts code-server (VS Code 1.139 for the web) on a free loopback port for one test session:
 * no auth, its own temp user-data and extensions folders, the smoke-test driver enabled (without
 * it VS Code ignores the development-extension parameters of the URL), in its own process group
 * so that stopping it also ends the extension host, file watcher and pty host it forks.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { VsCodeHostTools } from './tools';

export interface CodeServer {
  url: string;
  /** Folder of the server's user data (User/settings.json lives under it). */
  dataDir: string;
  logFile: string;
  /** Ends the whole process group and removes the temp folders. Safe to call twice. */
  stop(): Promise<void>;
  /** Synchronous last resort for `process.on('exit')`: kills the process group, nothing else. */
  kill(): void;
}

export interface CodeServerOptions {
  /** A `.vsix` installed into the session's extensions folder before the server starts. */
  installVsix?: string;
  /** Unpacked extension folders copied into the session's extensions folder before the server starts. */
  extensionFolders?: string[];
  /** Extra environment for the server and so for the extension host (e.g. a fake server URL). */
  env?: Record<string, string>;
  /** User settings added to the session's defaults. */
  userSettings?: Record<string, unknown>;
  /**
   * Workspace Trust on, as a user has it: folders this session has not trusted open in Restricted
   * Mode (without the startup dialog). Off by default: the other suites need a trusted folder.
   */
  workspaceTrust?: boolean;
}

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'window.commandCenter': false,
  'workbench.colorTheme': 'Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${url} within 60 s (log: ${logFile})`);
}

export async function startCodeServer(tools: VsCodeHostTools, options: CodeServerOptions = {}): Promise<CodeServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-code-server-'));
  const userDir = join(dataDir, 'user');
  const extensionsDir = join(dataDir, 'extensions');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  mkdirSync(join(userDir, 'Machine'), { recursive: true });
  mkdirSync(extensionsDir);
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(join(userDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...trust, ...options.userSettings }, null, 2));
  // Remote settings: where a remote extension host reads `machine`-scoped settings.
  writeFileSync(join(userDir, 'Machine/settings.json'), JSON.stringify(options.userSettings ?? {}, null, 2));
  const env = {
    ...process.env,
    ...options.env,
    PATH: `${tools.nodeBin}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(dataDir, 'config'),
    XDG_DATA_HOME: join(dataDir, 'xdg-data'),
  };
  const common = ['--user-data-dir', userDir, '--extensions-dir', extensionsDir];
  if (options.installVsix) {
    await promisify(execFile)(tools.codeServerBin, [...common, '--install-extension', options.installVsix], { env });
  }
  for (const folder of options.extensionFolders ?? []) {
    const manifest = z.object({ publisher: z.string(), name: z.string(), version: z.string() }).parse(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')));
    cpSync(folder, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    tools.codeServerBin,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (): void => {
    try {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killTimer = setTimeout(kill, 5_000);
      await exited;
      clearTimeout(killTimer);
    }
    if (!process.env.REFINERY_KEEP_CODE_SERVER_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, logFile, stop, kill };
}
