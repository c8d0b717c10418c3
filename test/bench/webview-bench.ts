/**
 * `npm run bench:webview`: the results panel in headless Chromium (the built bundle, the
 * host's HTML and CSP). Prints figures; asserts nothing and is not a test.
 *
 *   1. first paint: 10,000 rows × 3 models — from the `init` message posted to the frame after
 *      the grid's rows are in the DOM (performance marks + a requestAnimationFrame), median of runs
 *   2. scroll: programmatic scroll through the whole grid, one step per frame → frame times
 *      p50 / p95 / max and frames over budget (dropped at 60 Hz)
 *
 * Wall times depend on how busy the machine is; each figure also comes with the CPU time the
 * page's main thread spent (Chromium's `ThreadTime` metric), which does not.
 */
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeInit } from '../webview/support/results-fixture';
import { launchChromium, openWebview, startAssetServer } from '../webview/support/webview-page';

const rowsArgument = process.argv.indexOf('--rows');
const ROWS = rowsArgument > 0 ? Number(process.argv[rowsArgument + 1]) : 10_000;
const PAINT_RUNS = 3;
const FRAME_BUDGET_MS = 1000 / 60;

interface PageWindow {
  __init: unknown;
  postMessage(message: unknown, targetOrigin: string): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  document: { querySelector(selector: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null };
  performance: { mark(name: string): void; measure(name: string, start: string, end: string): { duration: number } };
}

/** In the page: post `init`, wait until rows are rendered, then one more frame (the paint). */
function measureFirstPaint(): Promise<number> {
  const w = globalThis as unknown as PageWindow;
  return new Promise((resolve) => {
    w.performance.mark('refinery:init-posted');
    w.postMessage(w.__init, '*');
    const poll = () => {
      if (!w.document.querySelector('.grid-row')) return void w.requestAnimationFrame(poll);
      w.requestAnimationFrame(() => {
        w.performance.mark('refinery:grid-painted');
        resolve(w.performance.measure('refinery:first-paint', 'refinery:init-posted', 'refinery:grid-painted').duration);
      });
    };
    w.requestAnimationFrame(poll);
  });
}

/** In the page: scroll the grid top to bottom, `step` pixels per frame; returns each frame's duration. */
function measureScroll(step: number): Promise<number[]> {
  const w = globalThis as unknown as PageWindow;
  const grid = w.document.querySelector('.grid-scroll')!;
  grid.scrollTop = 0;
  const frames: number[] = [];
  return new Promise((resolve) => {
    let last = 0;
    const frame = (time: number) => {
      if (last) frames.push(time - last);
      last = time;
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return resolve(frames);
      grid.scrollTop += step;
      w.requestAnimationFrame(frame);
    };
    w.requestAnimationFrame(frame);
  });
}

/** CPU seconds the page's main thread has used so far. */
async function mainThreadCpu(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
  };
}

const percentileOf = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const server = await startAssetServer(path.resolve(__dirname, 'webview'));
  const browser = await launchChromium();
  try {
    const initJson = JSON.stringify(makeInit(ROWS));
    const paints: number[] = [];
    const paintCpu: number[] = [];
    for (let run = 0; run < PAINT_RUNS; run++) {
      const view = await openWebview(browser, server, { viewport: { width: 1400, height: 900 } });
      await view.page.evaluate((json) => {
        (globalThis as unknown as PageWindow).__init = JSON.parse(json) as unknown;
      }, initJson);
      const cpu = await mainThreadCpu(view.page);
      const cpuBefore = await cpu();
      paints.push(await view.page.evaluate(measureFirstPaint));
      paintCpu.push((await cpu()) - cpuBefore);
      console.error(`  run ${run + 1}/${PAINT_RUNS}: first paint ${ms(paints.at(-1)!)} (main-thread CPU ${ms(paintCpu.at(-1)!)})`);
      if (run === PAINT_RUNS - 1) {
        // Scroll the whole grid: about 2,600 px per frame crosses 10,000 rows of 88 px in ~340 frames.
        const cpuBeforeScroll = await cpu();
        const frames = (await view.page.evaluate(measureScroll, 2600)).sort((a, b) => a - b);
        const scrollCpu = (await cpu()) - cpuBeforeScroll;
        const dropped = frames.filter((f) => f > FRAME_BUDGET_MS * 1.5).length;
        console.log(`scroll ${ROWS.toLocaleString('en-US')} rows × 3 models: ${frames.length} frames, frame time p50 ${ms(percentileOf(frames, 50))}, p95 ${ms(percentileOf(frames, 95))}, max ${ms(frames.at(-1) ?? Number.NaN)}, dropped (> 1.5 × 16.7 ms) ${dropped}; main-thread CPU ${ms(scrollCpu / frames.length)} per frame`);
        const problems = await view.problems();
        if (problems.length > 0) console.log(`page problems: ${problems.join('; ')}`);
      }
      await view.close();
    }
    const sorted = [...paints].sort((a, b) => a - b);
    const sortedCpu = [...paintCpu].sort((a, b) => a - b);
    console.log(
      `first paint ${ROWS.toLocaleString('en-US')} rows × 3 models (${ROWS * 3} cells): median ${ms(percentileOf(sorted, 50))} (runs ${paints.map(ms).join(', ')}; target < 500 ms), main-thread CPU median ${ms(percentileOf(sortedCpu, 50))}`,
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
