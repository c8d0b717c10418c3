// Renders the Marketplace icon (media/icon.png, 128 × 128) from the activity-bar glyph
// media/refinery.svg: the same strokes in white on a filled, rounded square. Run it again after
// changing the glyph: `node scripts/render-icon.mjs` (Debian chromium through playwright-core).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SIZE = 128;
const glyph = readFileSync(new URL('../media/refinery.svg', import.meta.url), 'utf8')
  .replace(/^[\s\S]*?<svg[^>]*>/, '')
  .replace(/<\/svg>\s*$/, '');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2b5fb3"/><stop offset="1" stop-color="#163a75"/></linearGradient></defs>
  <rect width="24" height="24" rx="5" fill="url(#bg)"/>
  <g transform="translate(3 2.6) scale(0.75)" fill="none" stroke="#ffffff" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" color="#ffffff">${glyph}</g>
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
