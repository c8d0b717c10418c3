/** A temp copy of the fixture workspace for one VS Code session: the tests may dirty it, git never sees it. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempWorkspace {
  dir: string;
  remove(): void;
}

export function copyFixtureWorkspace(repoRoot: string, fakeServerUrl: string): TempWorkspace {
  const dir = join(mkdtempSync(join(tmpdir(), 'refinery-workspace-')), 'workspace');
  cpSync(join(repoRoot, 'test/fixtures/workspace'), dir, { recursive: true });
  const settings = join(dir, '.vscode/settings.json');
  writeFileSync(settings, readFileSync(settings, 'utf8').replaceAll('${FAKE_SERVER_URL}', fakeServerUrl));
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}
