/**
 * The activation bundle stays a few stubs: what `dist/extension.js` would contain (esbuild's
 * metafile, lazy `import()`s left out as esbuild.mjs does) is only the activation modules — no
 * zod, no settings, store, sync, auth client or language analysis (and the few lines that keep a
 * startup error's text from becoming a link).
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const ACTIVATION_MODULES = ['src/extension/activation/feature-stubs.ts', 'src/extension/contribution-ids.ts', 'src/extension/extension.ts', 'src/extension/untrusted-text.ts'];

describe('activation bundle', () => {
  it('holds only the activation stubs, and stays under 8 KB minified', async () => {
    const result = await esbuild.build({
      entryPoints: ['src/extension/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      write: false,
      metafile: true,
      outfile: 'extension.js',
      external: ['vscode'],
      supported: { 'dynamic-import': false },
      plugins: [
        {
          name: 'lazy-modules-external',
          setup(build) {
            build.onResolve({ filter: /^\./ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
          },
        },
      ],
    });
    const inputs = Object.keys(result.metafile.inputs).map((file) => path.normalize(file)).sort();
    expect(inputs).toEqual(ACTIVATION_MODULES.map((file) => path.normalize(file)));
    expect(result.outputFiles[0]?.contents.byteLength).toBeLessThan(8 * 1024);
  });
});
