// Summarises a V8 CPU profile of the CLI (`npm run bench -- --throughput --cpu-prof DIR`):
//   - CPU per phase of a run, cut at the first sample of each phase's marker function
//     (startup until the store opens, store open + migrations, run creation with the dataset
//     import, the cells, the final summary),
//   - CPU by part (PGlite, SDKs, undici, zod, GC, our code…), from the deepest frame that names one,
//   - the top functions by self time.
// Usage: node test/bench/cpu-profile-summary.mjs FILE.cpuprofile [--top N]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const file = process.argv[2];
if (!file) {
  console.error('usage: node test/bench/cpu-profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const top = topIndex === -1 ? 25 : Number(process.argv[topIndex + 1]);
const callersIndex = process.argv.indexOf('--callers');
/** `--callers NAME`: also print the call paths (5 frames up) that lead to NAME's self time. */
const callersOf = callersIndex === -1 ? undefined : process.argv[callersIndex + 1];
const phaseIndexArg = process.argv.indexOf('--phase');
/** `--phase N`: parts, top functions and call paths of phase N only (0-based, as listed). */
const onlyPhase = phaseIndexArg === -1 ? undefined : Number(process.argv[phaseIndexArg + 1]);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Phases in run order, each starting at the first sample whose stack holds its marker. */
const phases = [
  { name: 'startup (bundle load, args, prompt + dataset parse)', marker: null },
  { name: 'store open (PGlite start, migrations check)', marker: 'openLocalStore' },
  { name: 'run creation (dataset import, run rows)', marker: 'createRunFromPrepared' },
  { name: 'cells (requests, grading, cell writes)', marker: 'executeRun' },
  { name: 'summary + close', marker: 'cellMetricsFromTuple' },
];

/** Parts by the original source file (through the bundle's source map), first match wins. */
const parts = [
  ['pglite', /@electric-sql\/pglite|^wasm:/],
  ['groq-sdk', /groq-sdk/],
  ['cerebras sdk', /cerebras_cloud_sdk/],
  ['openai sdk', /node_modules\/openai/],
  ['undici', /undici/],
  ['zod', /node_modules\/zod/],
  ['dotprompt/handlebars', /dotprompt|handlebars/],
  ['papaparse', /papaparse/],
  ['other packages', /node_modules/],
  ['refinery src/store', /src\/store\//],
  ['refinery src/core/providers', /src\/core\/providers\//],
  ['refinery src/core/executor', /src\/core\/executor\//],
  ['refinery src/core/run', /src\/core\/run\//],
  ['refinery src/cli', /src\/cli/],
  ['refinery other', /src\//],
];

const sourceMaps = new Map();
function sourceMapOf(url) {
  if (!sourceMaps.has(url)) {
    let map = null;
    if (url.startsWith('file://')) {
      const mapFile = `${fileURLToPath(url)}.map`;
      if (existsSync(mapFile)) map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    }
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url);
}

/** The original file of a frame: through the source map for the bundle, else its own URL. */
function sourceOf(callFrame) {
  const map = sourceMapOf(callFrame.url);
  if (!map) return callFrame.url;
  const entry = map.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  return entry?.originalSource ?? callFrame.url;
}

const isInternal = (url) => url === '' || url.startsWith('node:') || url.startsWith('internal/');

/** The innermost frame with a source of its own decides; a stack of only Node internals is "node". */
function partOf(stack) {
  const leaf = stack[0].callFrame.functionName;
  if (leaf === '(garbage collector)') return 'GC';
  if (leaf === '(program)') return '(program: native, compile)';
  for (const frame of stack) {
    if (isInternal(frame.callFrame.url)) continue;
    const source = sourceOf(frame.callFrame);
    for (const [name, pattern] of parts) if (pattern.test(source)) return name;
    return `unknown ${source}`;
  }
  return 'node internals only';
}

function stackOf(id) {
  const stack = [];
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(nodes.get(cur));
  return stack;
}

const stackCache = new Map();
const samples = profile.samples;
const deltas = profile.timeDeltas;
let phaseIndex = 0;
const phaseUs = phases.map(() => 0);
const partUs = new Map();
const selfUs = new Map();
const callerUs = new Map();
let idleUs = 0;
let totalUs = 0;
for (let i = 0; i < samples.length; i++) {
  // a sample's time is the gap to the next one (the last one gets the previous gap)
  const us = deltas[i + 1] ?? deltas[i] ?? 0;
  let stack = stackCache.get(samples[i]);
  if (!stack) stackCache.set(samples[i], (stack = stackOf(samples[i])));
  const leaf = stack[0].callFrame.functionName;
  if (leaf === '(idle)') {
    idleUs += us;
    continue;
  }
  totalUs += us;
  for (let p = phases.length - 1; p > phaseIndex; p--) {
    if (stack.some((f) => f.callFrame.functionName === phases[p].marker)) {
      phaseIndex = p;
      break;
    }
  }
  phaseUs[phaseIndex] += us;
  if (onlyPhase !== undefined && onlyPhase !== phaseIndex) continue;
  const part = partOf(stack);
  partUs.set(part, (partUs.get(part) ?? 0) + us);
  const key = `${leaf || '(anonymous)'} ${sourceOf(stack[0].callFrame).replace(/^.*node_modules\//, '')}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + us);
  if (callersOf !== undefined && leaf === callersOf) {
    const path = stack.slice(1, 6).map((f) => `${f.callFrame.functionName || '(anonymous)'} (${sourceOf(f.callFrame).replace(/^.*node_modules\//, '')})`).join(' < ');
    callerUs.set(path, (callerUs.get(path) ?? 0) + us);
  }
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
console.log(`${file}\nsampled CPU ${ms(totalUs)} ms (idle ${ms(idleUs)} ms)\n\nby phase`);
phases.forEach((p, i) => console.log(`  ${ms(phaseUs[i])} ms ${pct(phaseUs[i])}  ${p.name}`));
console.log('\nby part');
for (const [name, us] of [...partUs].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(us)} ms ${pct(us)}  ${name}`);
console.log(`\ntop ${top} functions by self time`);
for (const [name, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(us)} ms ${pct(us)}  ${name}`);
if (callersOf !== undefined) {
  console.log(`\ncall paths to ${callersOf}`);
  for (const [path, us] of [...callerUs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(us)} ms  ${path}`);
}
