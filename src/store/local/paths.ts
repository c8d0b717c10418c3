/** Where the local store keeps its database, and where it finds the SQL it runs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';

/**
 * The one store folder every VS Code window and CLI run of the user shares: `$REFINERY_HOME`
 * when set; else `~/.refinery` when it exists (where the CLI always kept it); else the
 * platform's data folder (`~/.local/share/refinery`, `~/Library/Application Support/refinery`,
 * `%LOCALAPPDATA%\refinery\Data`).
 */
export function defaultLocalDataDir(env: NodeJS.ProcessEnv = process.env, exists: (dir: string) => boolean = fs.existsSync): string {
  if (env.REFINERY_HOME) return path.resolve(env.REFINERY_HOME);
  const legacy = path.join(os.homedir(), '.refinery');
  if (exists(legacy)) return legacy;
  return envPaths('refinery', { suffix: '' }).data;
}

/** A folder a user typed (`refinery.localStorePath`, `--store-dir`): `~` is their home folder. */
export function expandHome(folder: string): string {
  if (folder === '~') return os.homedir();
  if (folder.startsWith('~/') || folder.startsWith('~\\')) return path.join(os.homedir(), folder.slice(2));
  return path.resolve(folder);
}

export function pgDataDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export interface SchemaFiles {
  /** `supabase/migrations`: the same timestamped migrations hosted Supabase runs. */
  migrationsDir: string;
  /** `supabase/local/00_supabase_shim.sql`: the roles and auth schema Supabase provides. */
  shimFile: string;
}

/**
 * From source (vitest) this file is `src/store/local/`, from the bundle it is `dist/`, and the
 * build copies `supabase/migrations` and `supabase/local` to `dist/supabase/`: so search
 * upward for a `supabase/migrations` folder.
 */
export function findSchemaFiles(overrides: Partial<SchemaFiles> = {}, startDir: string = __dirname): SchemaFiles {
  const supabaseDir = overrides.migrationsDir && overrides.shimFile ? undefined : findSupabaseDir(startDir);
  const migrationsDir = overrides.migrationsDir ?? (supabaseDir && path.join(supabaseDir, 'migrations'));
  const shimFile = overrides.shimFile ?? (supabaseDir && path.join(supabaseDir, 'local', '00_supabase_shim.sql'));
  if (!migrationsDir || !fs.existsSync(migrationsDir)) {
    throw new Error(`Refinery is incomplete: no supabase/migrations folder above ${startDir}; reinstall it`);
  }
  if (!shimFile || !fs.existsSync(shimFile)) {
    throw new Error(`Refinery is incomplete: ${shimFile ?? 'supabase/local/00_supabase_shim.sql'} is missing; reinstall it`);
  }
  return { migrationsDir, shimFile };
}

function findSupabaseDir(startDir: string): string | undefined {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'supabase');
    if (fs.existsSync(path.join(candidate, 'migrations'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
