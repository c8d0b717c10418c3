import { defineConfig } from 'vitest/config';
import { guardNextWrite, POSTGRES_CONNECTION } from './scripts/build/postgres-next-write-guard.mjs';

export default defineConfig({
  // the tests' own store clients get the build's guard too (see that file)
  plugins: [{ name: 'postgres-next-write-guard', transform: (code, id) => (POSTGRES_CONNECTION.test(id) ? guardNextWrite(code, id) : undefined) }],
  test: {
    server: { deps: { inline: ['postgres'] } },
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/webview/**/*.test.ts'],
    testTimeout: 30_000,
    // A new PGlite store runs initdb and every migration in its beforeAll: seconds on a quiet
    // 2-core machine, over a minute when the machine is busy with other work.
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/support/build-once.ts'],
    // Local stores open through a store host process (dist/store-host.js); a test's host exits
    // this long after its last client instead of lingering for the default ten minutes.
    env: { REFINERY_STORE_IDLE_MS: '2000' },
  },
});
