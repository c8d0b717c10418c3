// The results panel in real Chromium, from the built bundle, under the host's CSP.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FromWebviewMessage } from '../../src/shared/protocol';
import { ensureBuilt } from '../support/cli-process';
import { MODELS, makeCell, makeCells, makeDetail, makeInit } from './support/results-fixture';
import { launchChromium, openWebview, startAssetServer, type AssetServer, type OpenOptions, type WebviewPage } from './support/webview-page';

const SCREENSHOTS = 'test-results/webview';

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

async function open(options?: OpenOptions): Promise<WebviewPage> {
  view = await openWebview(browser, server, options);
  return view;
}

const ofType = <T extends FromWebviewMessage['type']>(messages: FromWebviewMessage[], type: T) =>
  messages.filter((m): m is Extract<FromWebviewMessage, { type: T }> => m.type === type);

describe('results panel: handshake and first paint', () => {
  it('posts ready first, then paints every row × model from init', async () => {
    const v = await open();
    await v.page.getByTestId('loading').waitFor();
    expect(await v.posted()).toEqual([{ type: 'ready' }]);

    await v.send(makeInit(6));
    await v.page.locator('.grid-row').nth(5).waitFor();
    expect(await v.page.locator('.grid-row').count()).toBe(6);
    expect(await v.page.locator('.grid-row .cell').count()).toBe(18);
    const headers = v.page.locator('.model-header');
    expect(await headers.count()).toBe(3);
    expect(await headers.nth(0).locator('.model-label').textContent()).toBe('groq/llama-3.1-8b-instant');
    expect(await headers.nth(2).locator('.tag').textContent()).toBe('simulated');
    expect(await headers.nth(0).locator('.tag').count()).toBe(0);
    const firstRow = v.page.locator('.grid-row').first();
    expect(await firstRow.locator('.row-header').innerText()).toContain('My invoice shows a double charge for March (#0)');
    expect(await firstRow.locator('.cell').first().locator('.cell-output').textContent()).toBe('billing — answer 0 from llama-3.1-8b-instant');
    expect(await v.state()).toEqual({ runId: 'run-1', selectedCellId: null });
    await v.page.screenshot({ path: `${SCREENSHOTS}/smoke.png` });
  });
});
