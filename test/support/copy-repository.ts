/** A copy of the repository as a fresh clone has it, for builds that must not touch the work tree's `dist/`. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** The tracked files (and new ones not ignored) of `repo` copied to `to`, with the installed node_modules linked beside them. */
export function copyRepository(repo: string, to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const from = path.join(repo, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(from, path.join(to, file));
  }
  symlinkSync(path.join(repo, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}
