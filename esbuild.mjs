// Two bundles: the extension host + CLI (node, cjs, `vscode` external) and the webview (browser).
// PGlite stays external: bundled into CJS it loses `import.meta.url` and cannot find its wasm;
// it is shipped beside the bundle instead (node_modules in the .vsix).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { postgresNextWriteGuard } from './scripts/build/postgres-next-write-guard.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Problem matcher for VS Code's `$esbuild-watch`. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const nodeOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  // the tokenizer vocabularies (1–2.4 MB each) load from node_modules only when a cost is estimated
  external: ['vscode', '@electric-sql/pglite', '@electric-sql/pglite/*', 'gpt-tokenizer', 'gpt-tokenizer/*'],
  // jsonc-parser's UMD entry requires its own files at run time; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [postgresNextWriteGuard, ...(watch ? [problemMatcher] : [])],
};

/**
 * The extension host loads in parts: activation evaluates only `dist/extension.js`; each module
 * it loads lazily (`await import('./x')`) is its own CJS bundle `dist/extension.<name>.js`,
 * required on first use. (esbuild splits code only for ESM, and VS Code loads the extension as
 * CJS.) Modules both bundles import are duplicated: see `isUserError` in src/core/errors.ts.
 */
const lazyExtensionModules = {
  features: 'src/extension/features.ts',
  'run-engine': 'src/extension/runs/run-engine.ts',
  'run-command-options': 'src/extension/runs/run-command-options.ts',
  'run-summary-text': 'src/extension/runs/run-summary-text.ts',
  'results-panel': 'src/extension/results/results-panel.ts',
  protocol: 'src/shared/protocol.ts',
  settings: 'src/extension/settings.ts',
  'local-store': 'src/store/local/index.ts',
  'local-store-embedded': 'src/store/local/embedded.ts',
  'prompt-linter': 'src/extension/language/prompt-linter.ts',
  'sync-engine': 'src/extension/sync/engine.ts',
  'supabase-store': 'src/store/supabase/index.ts',
  'supabase-client': 'src/extension/auth/supabase-client.ts',
};

/** Resolves each lazily imported module to its own bundle; fails on a lazy import it would inline. */
function lazyModules(ownEntry) {
  const names = new Map(Object.entries(lazyExtensionModules).map(([name, file]) => [path.resolve(file), name]));
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        // build.resolve below comes back here: pluginData marks that inner call.
        if (args.kind !== 'dynamic-import' || args.pluginData?.lazy === true) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { lazy: true } });
        if (resolved.errors.length > 0 || resolved.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const name = names.get(resolved.path);
        if (name === undefined) {
          return { errors: [{ text: `lazily imported ${path.relative('.', resolved.path)} is not in lazyExtensionModules (esbuild.mjs): add it there or import it statically` }] };
        }
        if (name === ownEntry) return undefined;
        return { path: `./extension.${name}.js`, external: true };
      });
    },
  };
}

/** `import()` of a lazy bundle becomes `require()`: the extension host patches `require` to serve `vscode`. */
const extensionHostOptions = { ...nodeOptions, supported: { 'dynamic-import': false }, outdir: 'dist' };

const builds = [
  { ...extensionHostOptions, entryPoints: { extension: 'src/extension/extension.ts' }, plugins: [...nodeOptions.plugins, lazyModules()] },
  ...Object.entries(lazyExtensionModules).map(([name, file]) => ({
    ...extensionHostOptions,
    entryPoints: { [`extension.${name}`]: file },
    plugins: [...nodeOptions.plugins, lazyModules(name)],
  })),
  {
    ...nodeOptions,
    // store-host: the process that serves the local store to every window and CLI run (spawned on demand)
    entryPoints: { cli: 'src/cli.ts', 'cli-loader': 'src/cli/compile-cache.ts', 'store-host': 'src/store/local/host/main.ts' },
    outdir: 'dist',
    // import() becomes require(): bin/refinery.js compiles dist/cli.js with a code cache, and on
    // Node 20 code from a cache loses its import() callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
    supported: { 'dynamic-import': false },
  },
  {
    // The results panel: dist/webview/index.js + index.css (the host's localResourceRoots is dist/webview).
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    entryPoints: [
      { in: 'webview-ui/src/main.ts', out: 'index' },
      { in: 'webview-ui/src/index.css', out: 'index' },
      // the dataset preview: the same components and styles, its own entry
      { in: 'webview-ui/src/dataset-preview.ts', out: 'dataset-preview' },
      { in: 'webview-ui/src/dataset-preview.css', out: 'dataset-preview' },
    ],
    outdir: 'dist/webview',
    tsconfig: 'webview-ui/tsconfig.json',
    logLevel: 'warning',
    plugins: watch ? [problemMatcher] : [],
  },
];
if (!production) {
  // The benchmark and the fake provider server it drives, built from test/ (never shipped).
  builds.push({
    ...nodeOptions,
    entryPoints: { bench: 'test/bench/bench.ts' },
    outdir: 'dist',
    external: [...nodeOptions.external, 'esbuild'],
  });
  // The VS Code tests: the mocha suites run in VS Code's extension host (one bundle per file, as
  // mocha loads them), the playwright UI suites, and their launcher (scripts/vscode-host).
  // The folder is emptied first: the launcher runs every test file it finds there.
  rmSync('dist/test/vscode', { recursive: true, force: true });
  builds.push({
    ...nodeOptions,
    entryPoints: ['test/vscode/suite/index.ts', 'test/vscode/suite/*.test.ts', 'test/vscode/shared/*.ts', 'test/vscode/ui/*.test.ts', { in: 'scripts/vscode-host/main.ts', out: 'launcher' }],
    outbase: 'test/vscode',
    outdir: 'dist/test/vscode',
    external: [...nodeOptions.external, 'esbuild', 'mocha', 'playwright-core'],
  });
  // Loading + activate() of the activation bundle in Node with a stub vscode (`npm run bench:activation`).
  builds.push({ ...nodeOptions, entryPoints: { 'activation-bench': 'test/bench/activation-bench.ts' }, outdir: 'dist' });
  // The results panel's benchmark in headless Chromium (`npm run bench:webview`).
  builds.push({
    ...nodeOptions,
    entryPoints: { 'webview-bench': 'test/bench/webview-bench.ts' },
    outdir: 'dist',
    external: [...nodeOptions.external, 'playwright-core'],
  });
}

/** The codicon font and its stylesheet, served to the webview from its own build folder. */
async function copyWebviewAssets() {
  await mkdir('dist/webview', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) await cp(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}

/** The local store runs the very same migrations as Supabase; ship them beside the bundle. */
async function copySqlAssets() {
  await mkdir('dist/supabase', { recursive: true });
  await cp('supabase/migrations', 'dist/supabase/migrations', { recursive: true });
  await cp('supabase/local', 'dist/supabase/local', { recursive: true });
}

/**
 * A new local store starts from a prebuilt data directory (about 1 s) instead of initdb (5–10 s).
 * Rebuilt only when the migrations, the shim or the code that writes it are newer than the seed.
 */
async function buildStoreSeed() {
  const seed = 'dist/supabase/local/pgdata-seed.tar.gz';
  const sources = [
    ...readdirSync('supabase/migrations').map((f) => `supabase/migrations/${f}`),
    'supabase/local/00_supabase_shim.sql',
    'src/store/local/seed.ts',
    'src/store/local/host/change-counter.ts',
  ];
  if (existsSync(seed) && sources.every((f) => statSync(f).mtimeMs <= statSync(seed).mtimeMs)) return;
  await esbuild.build({ ...nodeOptions, plugins: [], entryPoints: { 'build-seed': 'scripts/build-seed.ts' }, outdir: 'dist' });
  execFileSync(process.execPath, ['dist/build-seed.js'], { stdio: 'inherit' });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await copySqlAssets();
  await copyWebviewAssets();
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  await copySqlAssets();
  await copyWebviewAssets();
  await buildStoreSeed();
}
