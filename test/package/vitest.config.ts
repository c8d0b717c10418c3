// The npm package end to end: run by scripts/test-all.sh as a step of its own (it builds and
// installs the package, so it stays out of the parallel default run). Counts go to
// test-results/package.json, which scripts/test-totals.mjs adds to the totals.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: process.cwd(),
    include: ['test/package/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
