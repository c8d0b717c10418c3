/** What the extension-host tests share: the extension under test, its API, the fake server, waiting. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { RefineryApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'prompt-refinery.prompt-refinery';

export function extension(): vscode.Extension<RefineryApi> {
  const ext = vscode.extensions.getExtension<RefineryApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return ext;
}

export async function activeApi(): Promise<RefineryApi> {
  return extension().activate();
}

const manifestSchema = z.object({
  contributes: z.object({
    commands: z.array(z.object({ command: z.string(), title: z.string() })).default([]),
    menus: z.record(z.string(), z.array(z.object({ command: z.string(), when: z.string().optional() }))).default({}),
    views: z.record(z.string(), z.array(z.object({ id: z.string() }))).default({}),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The package.json of the extension under test (dev path or installed), validated. */
export function manifest(): Manifest {
  return manifestSchema.parse(JSON.parse(readFileSync(join(extension().extensionPath, 'package.json'), 'utf8')));
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open (the launcher opens a temp copy)');
  return folder.uri;
}

export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), relative);
}

/** Thrown by a `waitFor` probe to stop waiting at once (e.g. the command being waited on failed). */
export class StopWaiting extends Error {}

/** Polls `probe` until it returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const statsSchema = z.object({
  totalRequests: z.number(),
  byStatus: z.record(z.string(), z.number()),
  inFlight: z.number(),
  perKey: z.record(z.string(), z.object({ received: z.number(), ok: z.number() })),
});
export type FakeServerStats = z.infer<typeof statsSchema>;

/** The fake OpenAI-compatible server the launcher started (its URL arrives in the environment). */
export const fakeServer = {
  url(): string {
    const url = process.env.REFINERY_FAKE_SERVER_URL;
    if (!url) throw new Error('REFINERY_FAKE_SERVER_URL is not set: run these tests through npm run test:vscode');
    return url;
  },
  async control(method: 'GET' | 'POST', action: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url()}/__fake/${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`fake server ${action}: HTTP ${response.status}`);
    return response.json();
  },
  async stats(): Promise<FakeServerStats> {
    return statsSchema.parse(await this.control('GET', 'stats'));
  },
  async reset(): Promise<void> {
    await this.control('POST', 'reset');
  },
  async setLatency(latencyMs: number): Promise<void> {
    await this.control('POST', 'options', { latencyMs });
  },
};

export interface RunAgainstDatasetOptions {
  /** Workspace-relative path of the dataset file. */
  dataset: string;
  models: string[];
  graders?: string[];
  judge?: string;
  openResults?: boolean;
}

/** Runs `refinery.runAgainstDataset` the way the context menu does, with the quick picks answered; resolves with the run id. */
export async function runAgainstDataset(prompt: string, options: RunAgainstDatasetOptions): Promise<string> {
  const runId = await vscode.commands.executeCommand<unknown>('refinery.runAgainstDataset', workspaceFile(prompt), { openResults: false, ...options });
  assert.equal(typeof runId, 'string', `refinery.runAgainstDataset resolved with ${JSON.stringify(runId)} instead of a run id (see "Refinery: Show Log")`);
  return runId as string;
}

/** Rows of a CSV fixture (header excluded, no quoted newlines in these fixtures). */
export function csvRowCount(relative: string): number {
  return readFileSync(workspaceFile(relative).fsPath, 'utf8').trim().split('\n').length - 1;
}
