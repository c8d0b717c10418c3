// Two bundles: the extension host + CLI (node, cjs, `vscode` external) and the webview (browser).
// PGlite stays external: bundled into CJS it loses `import.meta.url` and cannot find its wasm;
// it is shipped beside the bundle instead (node_modules in the .vsix).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';

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
  external: ['vscode', '@electric-sql/pglite', '@electric-sql/pglite/*'],
  // jsonc-parser's UMD entry requires its own files at run time; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const builds = [
  { ...nodeOptions, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...nodeOptions, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist' },
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
    entryPoints: ['test/vscode/suite/index.ts', 'test/vscode/suite/*.test.ts', 'test/vscode/ui/*.test.ts', { in: 'scripts/vscode-host/main.ts', out: 'launcher' }],
    outbase: 'test/vscode',
    outdir: 'dist/test/vscode',
    external: [...nodeOptions.external, 'esbuild', 'mocha', 'playwright-core'],
  });
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
 * Rebuilt only when the migrations or the shim are newer than the seed.
 */
async function buildStoreSeed() {
  const seed = 'dist/supabase/local/pgdata-seed.tar.gz';
  const sources = [
    ...readdirSync('supabase/migrations').map((f) => `supabase/migrations/${f}`),
    'supabase/local/00_supabase_shim.sql',
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
