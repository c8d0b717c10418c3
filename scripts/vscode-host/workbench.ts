/**
 * Opens code-server's workbench in headless Debian Chromium (playwright-core, never a downloaded
 * browser) and runs an extension's mocha suite in VS Code's extension host through the URL payload
 * that the smoke-test driver honours (`extensionDevelopmentPath`, `extensionTestsPath`).
 */
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface WorkbenchTarget {
  serverUrl: string;
  /** Absolute folder opened as the workspace. */
  folder: string;
  /** Absolute path of the extension under development (omit to test an installed extension). */
  extensionDevelopmentPath?: string;
  /** Absolute path of the module whose `run()` VS Code calls in the extension host. */
  extensionTestsPath?: string;
  /** Environment of the extension host process. */
  extensionEnvironment?: Record<string, string>;
}

/** The workbench URL; paths are on this machine, named through code-server's remote authority. */
export function workbenchUrl(target: WorkbenchTarget): string {
  const url = new URL(target.serverUrl);
  const remote = (path: string): string => `vscode-remote://${url.host}${path}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (target.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)]);
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  if (target.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(target.extensionEnvironment)]);
  url.searchParams.set('folder', target.folder);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** Workbench log lines that are about the web build's missing services, not about the extension. */
const NOISE = /ChatModelSelection|AgentHost|AccountPolicyGate|open-vsx|authentication provider 'github'|^\s+at /;

/**
 * Runs the suite and resolves with VS Code's exit code for it (0 = all passed). The extension
 * host's console arrives through `codeAutomationLog` and is printed as it comes.
 */
export async function runExtensionTests(browser: Browser, target: WorkbenchTarget, timeoutMs: number, print: (line: string) => void): Promise<number> {
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown[]) => {
    const text = format(...args);
    if (process.env.REFINERY_VSCODE_VERBOSE || !NOISE.test(text)) print(text);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
  const timer = setTimeout(() => {
    print(`the extension host suite did not finish within ${timeoutMs / 1000} s`);
    resolveExit(2);
  }, timeoutMs);
  try {
    // two windows loading at once on a busy 2-core machine take longer than playwright's 30 s
    await page.goto(workbenchUrl(target), { timeout: 120_000 });
    page
      .locator('.monaco-workbench')
      .waitFor({ timeout: 90_000 })
      .catch(() => {
        print('the workbench did not load within 90 s');
        resolveExit(3);
      });
    return await exited;
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => undefined);
  }
}
