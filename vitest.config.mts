import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
