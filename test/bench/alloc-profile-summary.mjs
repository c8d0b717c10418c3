// Summarises an allocation profile of `bench.js --alloc-prof DIR` (see alloc-profile.cjs): the
// bytes allocated over the process's life by package or source folder, and by function (through
// the bundle's source map, like cpu-profile-summary.mjs).
// Usage: node test/bench/alloc-profile-summary.mjs FILE.heapprofile [--top N]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const file = process.argv[2];
if (!file) {
  console.error('usage: node test/bench/alloc-profile-summary.mjs FILE.heapprofile [--top N]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const top = topIndex === -1 ? 30 : Number(process.argv[topIndex + 1]);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const sourceMaps = new Map();
function sourceMapOf(url) {
  if (!sourceMaps.has(url)) {
    let map = null;
    const mapFile = url.startsWith('file://') ? `${fileURLToPath(url)}.map` : url.startsWith('/') ? `${url}.map` : undefined;
    if (mapFile && existsSync(mapFile)) map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url);
}

/** `name source:line` of a frame, through the source map for the bundle. */
function frameName(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  const entry = sourceMapOf(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  if (!entry?.originalSource) return `${name} ${callFrame.url.split('/').pop() ?? ''}`;
  const original = entry.originalSource;
  const source = original.includes('node_modules/') ? original.replace(/.*node_modules\//, '') : original.replace(/.*\/src\//, 'src/');
  return `${name} ${source}:${entry.originalLine + 1}`;
}

/** A package (`undici`, `@cerebras/cerebras_cloud_sdk`) or our folder (`src/core/providers`). */
function partOf(name) {
  const source = name.slice(name.indexOf(' ') + 1);
  if (source.startsWith('src/')) return /^src\/[^/:]+(\/[^/:]+(?=\/))?/.exec(source)?.[0] ?? source;
  const pkg = /^((@[^/]+\/)?[^/:]+)\//.exec(source);
  return pkg ? pkg[1] : `(native or node) ${source}`.trim();
}

const byFunction = new Map();
const byPart = new Map();
let total = 0;
const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
// A builtin (`replace`, `Map`, an iterator's `next`) has no source: its bytes count for its caller's part.
const stack = [{ node: profile.head, callerPart: '(root)' }];
while (stack.length > 0) {
  const { node, callerPart } = stack.pop();
  const name = frameName(node.callFrame);
  const part = node.callFrame.url === '' ? callerPart : partOf(name);
  if (node.selfSize > 0) {
    total += node.selfSize;
    add(byFunction, name, node.selfSize);
    add(byPart, part, node.selfSize);
  }
  for (const child of node.children) stack.push({ node: child, callerPart: part });
}
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1).padStart(8);
console.log(`allocated (sampled) ${mb(total)} MB`);
console.log('\nby part');
for (const [part, bytes] of [...byPart].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(bytes)} MB  ${part}`);
console.log(`\ntop ${top} functions by bytes allocated`);
for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(bytes)} MB  ${name}`);
