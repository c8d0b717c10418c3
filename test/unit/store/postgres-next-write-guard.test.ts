import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardNextWrite, POSTGRES_CONNECTION } from '../../../scripts/build/postgres-next-write-guard.mjs';

// The build and the tests guard postgres.js's nextWrite against a closed socket (see the script).
// the package's CJS entry is cjs/src/index.js: its root is three folders up
const root = path.resolve(path.dirname(createRequire(import.meta.url).resolve('postgres')), '../..');

describe('the postgres.js nextWrite guard', () => {
  for (const build of ['src', 'cjs/src']) {
    it(`applies to the installed postgres.js (${build}/connection.js), once`, () => {
      const file = path.join(root, build, 'connection.js');
      expect(POSTGRES_CONNECTION.test(file)).toBe(true);
      const guarded = guardNextWrite(readFileSync(file, 'utf8'), file);
      expect(guarded).toMatch(/function nextWrite\(fn\) \{\n\s+if \(!socket\) \{\n\s+chunk = nextWriteTimer = null\n\s+error\(Errors\.connection\('CONNECTION_CLOSED', options, socket\)\)\n\s+return false\n\s+\}\n\s+const x = socket\.write\(chunk, fn\)/);
      expect(guardNextWrite(guarded, file)).toBe(guarded);
    });
  }

  it('refuses a postgres.js whose nextWrite changed, instead of building without the guard', () => {
    expect(() => guardNextWrite('function nextWrite(fn) { return socket && socket.write(chunk, fn) }', 'connection.js')).toThrow(/nextWrite changed/);
  });

});
