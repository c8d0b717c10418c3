/**
 * WCAG contrast of the results grid's coloured text, measured in the webview of the real
 * workbench from the colours the theme gives it: each tone token (`--tone-*` in index.css) on
 * each background it is drawn on, and every badge, change mark and delta the grid shows, on its
 * own effective background. The arithmetic is WCAG 2.x relative luminance.
 */
import type { FrameLocator } from 'playwright-core';
import { z } from 'zod';

export interface ContrastSample {
  what: string;
  ratio: number;
}

export interface ContrastReport {
  theme: string;
  samples: number;
  lowest: ContrastSample;
  failures: ContrastSample[];
}

const MINIMUM = 4.5;

/** Runs in the webview (a string, so this file needs no DOM types). */
const MEASURE = String.raw`(() => {
  const parse = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) throw new Error('unreadable colour: ' + text);
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const channel = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (fg, bg) => { const a = luminance(fg), b = luminance(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const probe = document.createElement('span');
  document.body.appendChild(probe);
  const resolve = (property, value) => { probe.style.setProperty(property, value); return parse(getComputedStyle(probe).getPropertyValue(property)); };
  const page = over(parse(getComputedStyle(document.body).backgroundColor), resolve('background-color', 'var(--vscode-editor-background)'));
  /** The colour painted behind an element: its ancestors' backgrounds, composed. */
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e && e !== document.documentElement; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), page);
  };
  const samples = [];
  const grid = document.querySelector('.grid-inner') || document.body;
  const tones = ['--tone-good', '--tone-bad', '--tone-warn', '--tone-human'];
  const backgrounds = {
    'the cells (editor background)': page,
    'the header': over(resolve('background-color', 'var(--header-background)'), page),
    'a hovered row': over(resolve('background-color', 'var(--vscode-list-hoverBackground)'), page),
  };
  grid.appendChild(probe);
  for (const tone of tones) {
    const fg = resolve('color', 'var(' + tone + ')');
    for (const [where, bg] of Object.entries(backgrounds)) samples.push({ what: tone + ' on ' + where, ratio: ratio(over(fg, bg), bg) });
  }
  probe.remove();
  const shown = document.querySelectorAll('.cell:not(.selected) .badge, .change-improved, .change-regressed, .change-changed, .model-deltas .stat strong, .stat-errors strong, .stat-ungraded strong, .status-failed, .tag');
  for (const element of shown) {
    const bg = backgroundOf(element);
    const fg = over(parse(getComputedStyle(element).color), bg);
    samples.push({ what: (element.className || element.tagName) + ' "' + element.textContent.trim().slice(0, 24) + '"', ratio: ratio(fg, bg) });
  }
  return { samples, shownElements: shown.length };
})()`;

const resultSchema = z.object({ samples: z.array(z.object({ what: z.string(), ratio: z.number() })), shownElements: z.number() });

export async function measureContrast(panel: FrameLocator, theme: string): Promise<ContrastReport> {
  const body = await panel.locator('body').elementHandle();
  const frame = await body?.ownerFrame();
  if (!frame) throw new Error('the results panel has no frame');
  const { samples, shownElements } = resultSchema.parse(await frame.evaluate(MEASURE));
  if (shownElements === 0) throw new Error('no badge or delta on screen to measure');
  const sorted = [...samples].sort((a, b) => a.ratio - b.ratio);
  const lowest = sorted[0];
  if (!lowest) throw new Error('nothing measured');
  return { theme, samples: samples.length, lowest, failures: sorted.filter((s) => s.ratio < MINIMUM) };
}
