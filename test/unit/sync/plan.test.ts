import { describe, expect, it } from 'vitest';
import { buildSyncPlan, countByAction, isSafeSyncPath, isSyncedPromptPath, promptTypeOf, remoteCopyPath, toSyncPath } from '../../../src/core/sync';

const row = (hash: string) => ({ id: `id-${hash}`, hash, updatedAt: '2026-11-26T00:00:00Z' });

describe('buildSyncPlan', () => {
  const inputs = {
    local: new Map([
      ['a.prompt', 'A1'],
      ['b.prompt', 'B2'],
      ['new-here.prompt', 'N'],
      ['same.prompt', 'S'],
      ['both.prompt', 'X-local'],
    ]),
    remote: new Map([
      ['a.prompt', row('A2')],
      ['b.prompt', row('B1')],
      ['new-there.prompt', row('M')],
      ['same.prompt', row('S')],
      ['both.prompt', row('X-remote')],
      ['gone-here.prompt', row('G')],
    ]),
    base: new Map([
      ['a.prompt', 'A1'],
      ['b.prompt', 'B1'],
      ['same.prompt', 'S'],
      ['both.prompt', 'X'],
      ['gone-here.prompt', 'G'],
      ['gone-both.prompt', 'Z'],
    ]),
  };

  it('gives one step per path that needs something, in path order, with the row for pulls', () => {
    const plan = buildSyncPlan(inputs);
    expect(plan.map((step) => [step.path, step.action, step.reason])).toEqual([
      ['a.prompt', 'pull', 'changed-remotely'],
      ['b.prompt', 'push', 'changed-locally'],
      ['both.prompt', 'conflict', 'changed-both-sides'],
      ['gone-both.prompt', 'forget', 'both-deleted'],
      ['gone-here.prompt', 'local-deleted', 'deleted-locally'],
      ['new-here.prompt', 'push', 'new-local'],
      ['new-there.prompt', 'pull', 'new-remote'],
    ]);
    expect(plan[0]?.remote).toEqual(row('A2'));
    expect(plan[1]?.localHash).toBe('B2');
    expect(countByAction(plan)).toEqual({ pull: 2, push: 2, conflict: 1, forget: 1, 'local-deleted': 1 });
  });

  it('limits the plan to the given paths (a save syncs one file)', () => {
    expect(buildSyncPlan(inputs, ['b.prompt', 'same.prompt']).map((step) => step.path)).toEqual(['b.prompt']);
  });
});

describe('sync paths', () => {
  it('accepts relative .prompt paths inside the workspace only', () => {
    expect(isSafeSyncPath('prompts/triage.prompt')).toBe(true);
    for (const bad of ['../x.prompt', '/etc/x.prompt', 'C:/x.prompt', 'a\\b.prompt', 'a//b.prompt', './a.prompt', 'a.txt', ''])
      expect(isSafeSyncPath(bad), bad).toBe(false);
  });

  it('leaves the "keep both" copies out of sync', () => {
    expect(remoteCopyPath('prompts/a.prompt')).toBe('prompts/a.remote.prompt');
    expect(isSyncedPromptPath('prompts/a.remote.prompt')).toBe(false);
    expect(isSyncedPromptPath('prompts/a.prompt')).toBe(true);
  });

  it('turns Windows separators into /', () => {
    expect(toSyncPath('prompts\\graders\\g.prompt')).toBe('prompts/graders/g.prompt');
  });
});

describe('promptTypeOf', () => {
  it('reads refinery.kind, and falls back to prompt for a file with broken frontmatter', () => {
    expect(promptTypeOf('---\nrefinery.kind: grader\n---\nIs {{output}} right?', 'g.prompt')).toBe('grader');
    expect(promptTypeOf('---\nmodel: groq/llama-3.1-8b-instant\n---\nHi', 'p.prompt')).toBe('prompt');
    expect(promptTypeOf('---\nmodel: [unclosed\n---\nHi', 'p.prompt')).toBe('prompt');
  });
});
