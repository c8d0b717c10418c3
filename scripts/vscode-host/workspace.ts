/** A temp copy of the fixture workspace for one VS Code session: the tests may dirty it, git never sees it. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempWorkspace {
  dir: string;
  remove(): void;
}

/**
 * The provider settings that send every model call to the fake server. They are user settings:
 * `refinery.endpoints` and the base URLs are application-scoped (a workspace must not redirect
 * where API keys go), so a workspace's .vscode/settings.json cannot set them.
 */
export function fakeProviderSettings(fakeServerUrl: string): Record<string, unknown> {
  return {
    // batch: the fake server serves OpenAI's Batch API too (Run as Batch)
    'refinery.endpoints': [{ id: 'fake', baseUrl: `${fakeServerUrl}/v1`, batch: true }],
    'refinery.providers.groq.baseUrl': fakeServerUrl,
    'refinery.providers.cerebras.baseUrl': fakeServerUrl,
  };
}

export function copyFixtureWorkspace(repoRoot: string): TempWorkspace {
  const dir = join(mkdtempSync(join(tmpdir(), 'refinery-workspace-')), 'workspace');
  cpSync(join(repoRoot, 'test/fixtures/workspace'), dir, { recursive: true });
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}
