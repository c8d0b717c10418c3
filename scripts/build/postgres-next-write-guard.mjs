// postgres.js 3.4.9 schedules small writes with setImmediate(nextWrite); when the connection closes
// first (a store host killed with SIGKILL), nextWrite calls `socket.write` on null and the process
// dies of an uncaught TypeError that no caller can catch (porsager/postgres#1154, #1208; open fixes
// #1168, #1176, #1209). Until a release has the guard, the build and the tests apply it: with no
// socket, the buffered write is dropped and what waits on it is rejected with CONNECTION_CLOSED,
// which the store client retries like any lost connection.
import { readFile } from 'node:fs/promises';

const UNGUARDED = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const GUARDED = `  function nextWrite(fn) {
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options, socket))
      return false
    }
    const x = socket.write(chunk, fn)`;

/** postgres.js's connection module, in its ESM (`src/`) or CJS (`cjs/src/`) build. */
export const POSTGRES_CONNECTION = /[\\/]node_modules[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js$/;

/** The module's code with the guard; throws when the code no longer has the unguarded function (postgres.js changed: check whether the guard is still needed). */
export function guardNextWrite(code, file) {
  if (code.includes(GUARDED)) return code;
  if (!code.includes(UNGUARDED)) throw new Error(`${file}: postgres.js's nextWrite changed; see scripts/build/postgres-next-write-guard.mjs`);
  return code.replace(UNGUARDED, GUARDED);
}

/** The esbuild plugin applying it. */
export const postgresNextWriteGuard = {
  name: 'postgres-next-write-guard',
  setup(build) {
    build.onLoad({ filter: POSTGRES_CONNECTION }, async (args) => ({ contents: guardNextWrite(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
