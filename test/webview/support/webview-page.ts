/**
 * The results panel in real Chromium, as VS Code would show it: the page comes from the
 * host's own `buildWebviewHtml` (same CSP, `cspSource` = this server's origin), the built
 * bundle from dist/webview, and a fake `acquireVsCodeApi` that records what the webview posts
 * and keeps its state. Host messages are simulated with `window.postMessage`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebviewHtml } from '../../../src/extension/webview-html';
import type { FromWebviewMessage, ToWebviewMessage, WebviewState } from '../../../src/shared/protocol';
import { THEMES, themeStylesheet, type ThemeName } from './themes';

const DEFAULT_WEBVIEW_DIST = path.resolve(__dirname, '../../../dist/webview');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface AssetServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the page (`/?theme=dark`), the theme variables and the files of dist/webview. */
export async function startAssetServer(webviewDist = DEFAULT_WEBVIEW_DIST): Promise<AssetServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    // Chromium asks for one on its own; a webview never does.
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/') {
      const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeName;
      const html = buildWebviewHtml({
        cspSource: origin,
        title: 'Refinery results',
        scriptUri: `${origin}/index.js`,
        styleUris: [`${origin}/theme-${theme}.css`, `${origin}/codicon.css`, `${origin}/index.css`],
      });
      return send(200, 'text/html', html);
    }
    const theme = /^\/theme-(dark|light|high-contrast)\.css$/.exec(url.pathname)?.[1] as ThemeName | undefined;
    if (theme) return send(200, 'text/css', themeStylesheet(theme));
    const file = path.join(webviewDist, path.normalize(url.pathname));
    if (!file.startsWith(webviewDist + path.sep)) return send(403, 'text/plain', 'forbidden');
    readFile(file).then(
      (body) => send(200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body),
      () => send(404, 'text/plain', 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface WebviewPage {
  page: Page;
  /** What the webview posted to the host, in order. */
  posted(): Promise<FromWebviewMessage[]>;
  state(): Promise<WebviewState | undefined>;
  /** A message from the host, as VS Code delivers it. */
  send(message: ToWebviewMessage | Record<string, unknown>): Promise<void>;
  /** CSP violations, page errors and console errors seen so far: a test fails on any. */
  problems(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  theme?: ThemeName;
  /** What `getState()` returns at start, as after a window reload. */
  initialState?: WebviewState;
  viewport?: { width: number; height: number };
}

/**
 * The browser globals the page functions below use. Written out because this file compiles
 * with the node libs (no DOM); the functions themselves run in the page.
 */
interface SecurityPolicyViolation {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}
interface PageGlobals {
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: SecurityPolicyViolation) => void): void;
    addEventListener(type: 'DOMContentLoaded', listener: () => void): void;
    body: { classList: { add(name: string): void } };
  };
  customElements: { get(name: string): unknown };
  postMessage(message: unknown, targetOrigin: string): void;
  acquireVsCodeApi?: () => unknown;
  __posted: FromWebviewMessage[];
  __state: unknown;
  __violations: string[];
}

/** The fake VS Code webview API and the CSP watch, installed before the bundle runs. */
function installFakeVsCode({ state, bodyClass }: { state: unknown; bodyClass: string }): void {
  const w = globalThis as unknown as PageGlobals;
  const posted: FromWebviewMessage[] = [];
  const violations: string[] = [];
  w.__posted = posted;
  w.__state = state;
  w.__violations = violations;
  w.document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(`CSP ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
  });
  w.document.addEventListener('DOMContentLoaded', () => w.document.body.classList.add(bodyClass));
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message)) as FromWebviewMessage),
      getState: () => w.__state,
      setState: (next: unknown) => {
        w.__state = JSON.parse(JSON.stringify(next));
      },
    };
  };
}

export async function openWebview(browser: Browser, server: AssetServer, options: OpenOptions = {}): Promise<WebviewPage> {
  const theme = options.theme ?? 'dark';
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 800 } });
  const page = await context.newPage();
  const pageProblems: string[] = [];
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(installFakeVsCode, { state: options.initialState, bodyClass: THEMES[theme].bodyClass });
  await page.goto(`${server.origin}/?theme=${theme}`);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).customElements.get('refinery-results') !== undefined);
  return {
    page,
    posted: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted.slice()),
    state: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__state as WebviewState | undefined),
    // As a JSON string: playwright serializes a large object argument very slowly (10,000 rows: minutes).
    send: (message) => page.evaluate((json) => (globalThis as unknown as PageGlobals).postMessage(JSON.parse(json), '*'), JSON.stringify(message)),
    problems: async () => [...pageProblems, ...(await page.evaluate(() => (globalThis as unknown as PageGlobals).__violations.slice()))],
    close: () => context.close(),
  };
}
