import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveOldStore, openLocalStore, stopLocalStoreHost } from '../../../src/store/local';
import { defaultLocalDataDir } from '../../../src/store/local/paths';
import { cellInput } from './cells';

// Runs an earlier version kept in the extension's global storage folder (an embedded store of
// its own) are copied into the shared store once, checked, and the old folder is kept.
let root: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-move-'));
});

afterAll(async () => {
  await stopLocalStoreHost(path.join(root, 'shared'));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('moving the old per-profile store into the shared one', () => {
  it('copies every run and cell once, marks the old folder, and leaves its database as it was', async () => {
    const oldDir = path.join(root, 'globalStorage');
    const old = await openLocalStore({ dataDir: oldDir, embedded: true });
    const run = await old.createRun({
      promptId: null,
      datasetId: null,
      promptText: 'p',
      graderTexts: {},
      config: { promptPath: 'prompts/p.prompt' },
      models: [{ provider: 'sim', model: 'echo', displayLabel: 'echo', params: {} }],
    });
    await old.saveCells([cellInput(run.models[0]?.id ?? '', null)]);
    await old.setRunStatus(run.id, 'completed');
    await old.close();

    const shared = await openLocalStore({ dataDir: path.join(root, 'shared') });
    try {
      expect(await moveOldStore(oldDir, shared)).toEqual({ kind: 'moved', runs: 1, cells: 1 });
      const copied = (await shared.listRuns()).filter((r) => r.config.importedFromRun === run.id);
      expect(copied).toHaveLength(1);
      expect(copied[0]).toMatchObject({ status: 'completed', cellCount: 1 });
      expect(fs.existsSync(path.join(oldDir, 'moved-to-shared-store.json'))).toBe(true);
      // once only
      expect(await moveOldStore(oldDir, shared)).toEqual({ kind: 'already-moved' });
      expect((await shared.listRuns()).filter((r) => r.config.importedFromRun === run.id)).toHaveLength(1);
    } finally {
      await shared.close();
    }
    const reread = await openLocalStore({ dataDir: oldDir, embedded: true });
    expect((await reread.listRuns()).map((r) => r.id)).toEqual([run.id]);
    await reread.close();
  }, 300_000);

  it('has nothing to move when the old folder holds no store', async () => {
    const shared = { dataDir: path.join(root, 'elsewhere') } as Parameters<typeof moveOldStore>[1];
    expect(await moveOldStore(path.join(root, 'never-used'), shared)).toEqual({ kind: 'nothing' });
  });
});

describe('the default store folder', () => {
  it('is REFINERY_HOME, else ~/.refinery when it exists, else the platform data folder', () => {
    expect(defaultLocalDataDir({ REFINERY_HOME: '/srv/refinery' }, () => true)).toBe(path.resolve('/srv/refinery'));
    expect(defaultLocalDataDir({}, (dir) => dir === path.join(os.homedir(), '.refinery'))).toBe(path.join(os.homedir(), '.refinery'));
    const platform = defaultLocalDataDir({}, () => false);
    expect(platform).not.toBe(path.join(os.homedir(), '.refinery'));
    expect(path.basename(platform === path.join(path.dirname(platform), 'Data') ? path.dirname(platform) : platform)).toBe('refinery');
  });
});
