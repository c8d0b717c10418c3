/**
 * `npm run bench:activation`: how long loading and activating the extension takes outside VS Code,
 * in a fresh Node process per sample with a stub `vscode` module: `require('dist/extension.js')`
 * then `activate(context)`, for our activation bundle and for the trivial fixture extension
 * (test/vscode/fixtures/trivial-extension, the floor). Also prints the figure the VS Code suite
 * measured in code-server (test-results/vscode-activation.json), when there is one. Prints
 * figures; asserts nothing and is not a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const SAMPLES = 15;
const repoRoot = path.resolve(__dirname, '..');
const TARGETS = {
  'Prompt Refinery (dist/extension.js)': { main: path.join(repoRoot, 'dist/extension.js'), manifest: path.join(repoRoot, 'package.json') },
  'trivial extension (the floor)': {
    main: path.join(repoRoot, 'test/vscode/fixtures/trivial-extension/extension.js'),
    manifest: path.join(repoRoot, 'test/vscode/fixtures/trivial-extension/package.json'),
  },
};

const sampleSchema = z.object({ requireMs: z.number(), activateMs: z.number() });
type Sample = z.infer<typeof sampleSchema>;

/**
 * Whatever the extension touches on `vscode` at activation: every property is another stub,
 * callable and constructible, so `new vscode.EventEmitter().event(...).dispose()` works.
 */
function anything(): unknown {
  const stub: unknown = new Proxy(function stubFunction() {}, {
    get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : stub),
    apply: () => stub,
    construct: () => stub as object,
  });
  return stub;
}

/**
 * The `vscode` module: its names as own enumerable properties (a bundle's `import * as vscode`
 * copies them), each one a stub.
 */
const VSCODE_NAMES = ['EventEmitter', 'Disposable', 'CancellationError', 'commands', 'window', 'workspace', 'languages', 'authentication', 'extensions', 'env', 'l10n', 'Uri', 'ViewColumn', 'StatusBarAlignment', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'CodeLens', 'Range', 'Position', 'Diagnostic', 'DiagnosticSeverity'];

interface ModuleLoader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/** In the child: one cold sample, printed as JSON. Exits before anything activate() deferred runs. */
function child(main: string, manifestFile: string): void {
  const loader = Module as unknown as ModuleLoader;
  const load = loader._load.bind(loader);
  const vscode = Object.fromEntries(VSCODE_NAMES.map((name) => [name, anything()]));
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscode : load(request, parent, isMain));
  const packageJSON: unknown = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const context = { subscriptions: [] as unknown[], extension: { packageJSON }, extensionUri: anything(), secrets: anything(), globalState: anything(), workspaceState: anything() };
  const requireModule = Module.createRequire(__filename);
  const t0 = performance.now();
  const exported = requireModule(main) as { activate?: unknown };
  const t1 = performance.now();
  if (typeof exported.activate !== 'function') throw new Error(`${main} exports no activate()`);
  (exported.activate as (context: unknown) => unknown)(context);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1 } satisfies Sample));
  process.exit(0);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

function main(): void {
  console.log(`activation outside VS Code: fresh Node ${process.version} per sample, stub vscode module, ${SAMPLES} samples (load ${loadavg()[0]?.toFixed(2)})`);
  const totals: Record<string, number> = {};
  for (const [name, target] of Object.entries(TARGETS)) {
    if (!existsSync(target.main)) throw new Error(`${target.main} is missing: run npm run build first`);
    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const out = execFileSync(process.execPath, [__filename, '--child', target.main, target.manifest], { encoding: 'utf8' });
      samples.push(sampleSchema.parse(JSON.parse(out)));
    }
    const total = median(samples.map((s) => s.requireMs + s.activateMs));
    totals[name] = total;
    const kb = (statSync(target.main).size / 1024).toFixed(1);
    console.log(`  ${name}, ${kb} KB: require ${ms(median(samples.map((s) => s.requireMs)))} + activate() ${ms(median(samples.map((s) => s.activateMs)))} = ${ms(total)} (median)`);
  }
  const measured = path.join(repoRoot, 'test-results/vscode-activation.json');
  if (existsSync(measured)) {
    const figures = z
      .object({ activationMs: z.number(), codeLoadingMs: z.number(), activateCallMs: z.number(), contextWaitMs: z.number().optional(), floor: z.object({ activationMs: z.number() }).optional(), aboveFloorMs: z.number().optional() })
      .parse(JSON.parse(readFileSync(measured, 'utf8')));
    const floor = figures.floor ? `; a trivial extension ${ms(figures.floor.activationMs)}, ours minus it ${ms(figures.aboveFloorMs ?? Number.NaN)}` : '';
    console.log(`in code-server (last npm run test:vscode, ${statSync(measured).mtime.toISOString()}): ${ms(figures.activationMs)} (code loading ${ms(figures.codeLoadingMs)}, VS Code preparing the context ${ms(figures.contextWaitMs ?? Number.NaN)}, activate() ${ms(figures.activateCallMs)})${floor}`);
  } else {
    console.log('in code-server: no figure yet (npm run test:vscode writes test-results/vscode-activation.json)');
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex > 0) child(process.argv[childIndex + 1] ?? '', process.argv[childIndex + 2] ?? '');
else main();
