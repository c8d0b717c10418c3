/**
 * `npm run bench:webview`: the results panel in headless Chromium (the built bundle, the
 * host's HTML and CSP). Prints figures; asserts nothing and is not a test.
 *
 *   1. first paint: 10,000 rows × 3 models, sent as the host sends them (`splitInit`: `init` with
 *      the first screens' cells, then `cellsUpdated` chunks) — from the host's first message to
 *      the frame after the first rows are in the DOM with their cells (none pending), median of
 *      runs; then until every chunk is in, with the frame times meanwhile. `--unsplit` sends all
 *      cells in `init` (the old protocol use) for comparison.
 *   2. scroll: programmatic scroll through the whole grid, one step per frame, and a wheel-like
 *      scroll → frame times p50 / p95 / max and frames over budget (dropped at 60 Hz)
 *
 * Wall times depend on how busy the machine is; each figure also comes with the CPU time the
 * page's main thread spent (Chromium's `ThreadTime` metric), which does not.
 */
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { splitInit } from '../../src/extension/results/init-chunks';
import { makeInit } from '../webview/support/results-fixture';
import { launchChromium, openWebview, startAssetServer } from '../webview/support/webview-page';

const rowsArgument = process.argv.indexOf('--rows');
const ROWS = rowsArgument > 0 ? Number(process.argv[rowsArgument + 1]) : 10_000;
const PAINT_RUNS = 3;
const FRAME_BUDGET_MS = 1000 / 60;

interface PageWindow {
  __messages: unknown[];
  /** Bound by the bench: reads the main thread's CPU time at the first paint. */
  __firstPainted(): Promise<void>;
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  document: {
    querySelector(selector: string): { scrollTop: number; scrollHeight: number; clientHeight: number; textContent: string | null } | null;
  };
  performance: { now(): number; mark(name: string): void; measure(name: string, start: string, end: string): { duration: number } };
}

interface PaintTimes {
  /** host's first message → the frame that shows the first screen of rows with their cells */
  firstPaint: number;
  /** host's first message → every chunk validated and merged (the grid keeps painting meanwhile) */
  allCells: number;
  /** frames between the first paint and the last chunk: the grid stays responsive while cells arrive */
  fillFrames: number[];
}

/**
 * In the page: post the host's messages as the host does (`init`, then the cell chunks, then a
 * status as the end marker), wait until the first rows are in the DOM with no pending cell, then
 * one more frame (the paint).
 */
function measureFirstPaint(): Promise<PaintTimes> {
  const w = globalThis as unknown as PageWindow;
  const messages = w.__messages;
  return new Promise((resolve) => {
    const start = w.performance.now();
    let firstPaint = 0;
    let allCells = 0;
    let lastFrame = 0;
    const fillFrames: number[] = [];
    const done = () => {
      if (firstPaint && allCells) resolve({ firstPaint, allCells, fillFrames });
    };
    for (const message of messages) w.postMessage(message, '*');
    const poll = (time: number) => {
      if (firstPaint) {
        if (lastFrame) fillFrames.push(time - lastFrame);
        lastFrame = time;
        // The end marker (status "cancelled", after the last chunk) is on screen: every cell is in.
        if (w.document.querySelector('[data-testid="run-status"]')?.textContent === 'cancelled') {
          allCells = w.performance.now() - start;
          return done();
        }
        return void w.requestAnimationFrame(poll);
      }
      const firstScreenFilled = w.document.querySelector('.grid-row') && !w.document.querySelector('.grid-row .cell-pending');
      if (!firstScreenFilled) return void w.requestAnimationFrame(poll);
      w.requestAnimationFrame((paintTime) => {
        firstPaint = w.performance.now() - start;
        void w.__firstPainted();
        lastFrame = paintTime;
        w.requestAnimationFrame(poll);
      });
    };
    w.requestAnimationFrame(poll);
  });
}

/** In the page: scroll the grid from the top, `step` pixels per frame, to the bottom or for `maxFrames`; returns each frame's duration. */
function measureScroll([step, maxFrames]: [number, number]): Promise<number[]> {
  const w = globalThis as unknown as PageWindow;
  const grid = w.document.querySelector('.grid-scroll')!;
  grid.scrollTop = 0;
  const frames: number[] = [];
  return new Promise((resolve) => {
    let last = 0;
    const frame = (time: number) => {
      if (last) frames.push(time - last);
      last = time;
      if (frames.length >= maxFrames || grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return resolve(frames);
      grid.scrollTop += step;
      w.requestAnimationFrame(frame);
    };
    w.requestAnimationFrame(frame);
  });
}

/** Chromium's cumulative main-thread metrics, in ms: CPU (`ThreadTime`) and where it went. */
const THREAD_METRICS = { cpu: 'ThreadTime', script: 'ScriptDuration', style: 'RecalcStyleDuration', layout: 'LayoutDuration' } as const;
type ThreadMetrics = Record<keyof typeof THREAD_METRICS, number>;

async function threadMetrics(page: Page): Promise<() => Promise<ThreadMetrics>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const read = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? Number.NaN) * 1000;
    return { cpu: read(THREAD_METRICS.cpu), script: read(THREAD_METRICS.script), style: read(THREAD_METRICS.style), layout: read(THREAD_METRICS.layout) };
  };
}

const percentileOf = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const server = await startAssetServer(path.resolve(__dirname, 'webview'));
  const browser = await launchChromium();
  try {
    const full = makeInit(ROWS);
    if (full.type !== 'init') throw new Error('makeInit must return an init message');
    const split = process.argv.includes('--unsplit') ? { init: full, chunks: [] } : splitInit(full);
    const messagesJson = JSON.stringify([split.init, ...split.chunks, { type: 'runStatus', status: 'cancelled', done: ROWS * 3, total: ROWS * 3 }]);
    console.error(`  host messages: init with ${split.init.cells.length} cells, then ${split.chunks.length} chunks of cells, then runStatus`);
    const paints: number[] = [];
    const allCells: number[] = [];
    const allCellsCpu: number[] = [];
    const fillFrames: number[] = [];
    const paintCpu: number[] = [];
    for (let run = 0; run < PAINT_RUNS; run++) {
      const view = await openWebview(browser, server, { viewport: { width: 1400, height: 900 } });
      await view.page.evaluate((json) => {
        (globalThis as unknown as PageWindow).__messages = JSON.parse(json) as unknown[];
      }, messagesJson);
      const metrics = await threadMetrics(view.page);
      const cpu = async () => (await metrics()).cpu;
      let cpuAtFirstPaint = Number.NaN;
      await view.page.exposeFunction('__firstPainted', async () => {
        cpuAtFirstPaint = await cpu();
      });
      const cpuBefore = await cpu();
      const times = await view.page.evaluate(measureFirstPaint);
      const cpuAllIn = (await cpu()) - cpuBefore;
      paintCpu.push(cpuAtFirstPaint - cpuBefore);
      allCellsCpu.push(cpuAllIn);
      paints.push(times.firstPaint);
      allCells.push(times.allCells);
      fillFrames.push(...times.fillFrames);
      console.error(
        `  run ${run + 1}/${PAINT_RUNS}: first paint ${ms(times.firstPaint)} (main-thread CPU ${ms(paintCpu.at(-1)!)}), all cells in ${ms(times.allCells)} (CPU ${ms(cpuAllIn)})`,
      );
      await view.close();
    }
    // Each scroll scenario in a page of its own, with every cell in: the whole grid at ~2,600 px
    // per frame (every frame a new screenful: the worst case), then wheel-like 120 px per frame.
    for (const [label, step, maxFrames] of [
      ['whole grid, 2,600 px/frame', 2600, Number.POSITIVE_INFINITY],
      ['wheel-like, 120 px/frame', 120, 300],
    ] as const) {
      const view = await openWebview(browser, server, { viewport: { width: 1400, height: 900 } });
      await view.page.evaluate((json) => {
        (globalThis as unknown as PageWindow).__messages = JSON.parse(json) as unknown[];
      }, messagesJson);
      await view.page.exposeFunction('__firstPainted', () => undefined);
      await view.page.evaluate(measureFirstPaint);
      const metrics = await threadMetrics(view.page);
      const before = await metrics();
      const frames = (await view.page.evaluate(measureScroll, [step, maxFrames] as [number, number])).sort((a, b) => a - b);
      const after = await metrics();
      const scrollCpu = after.cpu - before.cpu;
      const perFrame = (key: keyof ThreadMetrics) => ms((after[key] - before[key]) / frames.length);
      const dropped = frames.filter((f) => f > FRAME_BUDGET_MS * 1.5).length;
      console.log(
        `scroll ${ROWS.toLocaleString('en-US')} rows × 3 models, ${label}: ${frames.length} frames, frame time p50 ${ms(percentileOf(frames, 50))}, p95 ${ms(percentileOf(frames, 95))}, max ${ms(frames.at(-1) ?? Number.NaN)}, dropped (> 1.5 × 16.7 ms) ${dropped}; main-thread CPU ${ms(scrollCpu / frames.length)} per frame (script ${perFrame('script')}, style ${perFrame('style')}, layout ${perFrame('layout')})`,
      );
      const problems = await view.problems();
      if (problems.length > 0) console.log(`page problems: ${problems.join('; ')}`);
      await view.close();
    }
    const sorted = [...paints].sort((a, b) => a - b);
    const sortedCpu = [...paintCpu].sort((a, b) => a - b);
    console.log(
      `first paint ${ROWS.toLocaleString('en-US')} rows × 3 models (${ROWS * 3} cells): median ${ms(percentileOf(sorted, 50))} (runs ${paints.map(ms).join(', ')}; target < 500 ms), main-thread CPU median ${ms(percentileOf(sortedCpu, 50))}`,
    );
    const sortedAll = [...allCells].sort((a, b) => a - b);
    const sortedFill = [...fillFrames].sort((a, b) => a - b);
    console.log(
      `all ${ROWS * 3} cells in: median ${ms(percentileOf(sortedAll, 50))}, main-thread CPU median ${ms(percentileOf([...allCellsCpu].sort((a, b) => a - b), 50))}; frames while they arrive: ${sortedFill.length}, p50 ${ms(percentileOf(sortedFill, 50))}, p95 ${ms(percentileOf(sortedFill, 95))}, max ${ms(sortedFill.at(-1) ?? Number.NaN)}`,
    );
    console.log(`machine load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
