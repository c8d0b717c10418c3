/**
 * Loads the CLI bundle with a V8 code cache, so that a run does not parse and compile its 5 MB
 * of JavaScript again each time (about 0.15 s of CPU per command on the benchmark machine).
 * Node 22 does this itself (`module.enableCompileCache`); Node 20 has no such switch, so the
 * bundle is compiled here as a `vm.Script` with the cached data of an earlier run.
 *
 * The cache is written at exit, after the command ran: it then holds the bytecode of every
 * function the command used, not only of the top level. One file per command, bundle content
 * (crc32 and length of the source: V8 itself only checks the length) and Node version; writing
 * one removes the command's files of older bundles. It lives in the user's own cache folder,
 * never in a shared temporary folder, because cached bytecode is code.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does for Node's own cache. Any failure to
 * read or write the cache only costs time.
 */
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';
import { userCacheDir } from '../core/catalog/cache-dir';

export type CompileCacheStatus = 'hit' | 'miss' | 'rejected' | 'disabled';

export interface LoadedBundle {
  /** What the bundle assigned to `module.exports`. */
  readonly exports: unknown;
  readonly cacheStatus: CompileCacheStatus;
  /** Writes the cache when there was none that V8 accepted; call it once the work is done. */
  save(): void;
}

/** `(exports, require, module, __filename, __dirname)`: how Node wraps a CommonJS file. */
type CommonJsWrapper = (this: unknown, exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

export interface CompileCacheOptions {
  /** The platform's cache folder by default (`defaultCompileCacheDir`). */
  cacheDir?: string;
  /**
   * One cache per variant, e.g. per CLI command: a cache holds the functions its first run
   * compiled, so `runs list` writing it first must not leave `run` without its own.
   */
  variant?: string;
}

/** `<bundle>.<variant>-<crc32>-<length>-<node version>-<arch>.v8cache`, and the pattern of its other versions. */
function cacheNames(bundlePath: string, variant: string, bytes: Buffer, source: string): { fileName: string; sameStem: RegExp } {
  const stem = `${path.basename(bundlePath, '.js')}.${variant.replace(/[^\w-]/g, '_')}`;
  // the crc32 of the file's bytes: the same as of the source text (zlib encodes a string as UTF-8)
  const fileName = `${stem}-${crc32(bytes).toString(16)}-${source.length.toString(16)}-${process.version}-${process.arch}.v8cache`;
  const sameStem = new RegExp(`^${stem.replace(/[^\w]/g, '\\$&')}-[0-9a-f]+-[0-9a-f]+-v[\\d.]+-\\w+\\.v8cache$`);
  return { fileName, sameStem };
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string, names: ReturnType<typeof cacheNames>, data: Buffer): void {
  const { fileName, sameStem } = names;
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const target = path.join(cacheDir, fileName);
  const partial = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(partial, data, { mode: 0o600 });
  fs.renameSync(partial, target); // a reader never sees half a file
  for (const other of fs.readdirSync(cacheDir)) {
    if (other !== fileName && sameStem.test(other)) fs.rmSync(path.join(cacheDir, other), { force: true });
  }
}

/**
 * The bundle's text. An ASCII file (a minified bundle) is read as Latin-1: the same text, without
 * decoding UTF-8, into a one-byte string. Otherwise (a development build keeps comments with
 * non-ASCII characters) as UTF-8 from the buffer already read, which is still faster than
 * `readFileSync(file, 'utf8')` on Node 20 (about 40 against 100 ms for 5 MB on the benchmark machine).
 */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Requires the CommonJS file `bundlePath`, compiled with the code cache of an earlier run when there is one. */
export function loadWithCompileCache(bundlePath: string, options: CompileCacheOptions = {}): LoadedBundle {
  const { cacheDir = defaultCompileCacheDir(), variant = 'default' } = options;
  const bytes = fs.readFileSync(bundlePath);
  const source = decode(bytes);
  const enabled = !process.env.NODE_DISABLE_COMPILE_CACHE;
  const names = cacheNames(bundlePath, variant, bytes, source);
  const cachedData = enabled ? readCache(path.join(cacheDir, names.fileName)) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: bundlePath,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cacheStatus: CompileCacheStatus = !enabled ? 'disabled' : cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';

  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));

  let saved = false;
  return {
    exports: module.exports,
    cacheStatus,
    save() {
      if (saved || cacheStatus === 'hit' || cacheStatus === 'disabled') return;
      saved = true;
      try {
        writeCache(cacheDir, names, script.createCachedData());
      } catch {
        // a read-only or full disk: the next run compiles from source, as without a cache
      }
    },
  };
}

/** The platform's cache folder for Refinery: `$XDG_CACHE_HOME/refinery` or `~/.cache/refinery` on Linux. */
export function defaultCompileCacheDir(): string {
  return userCacheDir();
}
