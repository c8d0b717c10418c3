import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ensureBuilt } from '../../support/cli-process';
import { launchChromium, openWebview, startAssetServer, type AssetServer, type OpenOptions, type WebviewPage } from './webview-page';

export const SCREENSHOTS = 'test-results/webview';

/**
 * One Chromium and one asset server per test file; each test opens the results panel with
 * `open()`, and after it the page must have logged no CSP violation, page error or console error.
 */
export function useWebviewSession(): { open: (options?: OpenOptions) => Promise<WebviewPage> } {
  let browser: Browser;
  let server: AssetServer;
  let view: WebviewPage | undefined;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startAssetServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    if (!view) return;
    const problems = await view.problems();
    await view.close();
    view = undefined;
    expect(problems, 'no CSP violations, page errors or console errors').toEqual([]);
  });

  return {
    open: async (options) => {
      view = await openWebview(browser, server, options);
      return view;
    },
  };
}
