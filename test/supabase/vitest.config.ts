// The supabase-js HTTP tests: run by scripts/test-supabase.sh from the repository root, which
// starts PostgreSQL and @supabase/lite and passes their addresses in SUPABASE_TEST_* (the
// default `vitest run` does not include them).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: process.cwd(),
    include: ['test/supabase/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/build-once.ts'],
    // one server, shared: files one after another keep timings honest on a small machine
    fileParallelism: false,
  },
});
