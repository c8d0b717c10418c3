import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors';
import { prepareRun } from '../../../src/core/run';

// Which judge a grader runs on: --judge overrides all; else the grader's own; else the default.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'refinery-judge-'));
  writeFileSync(path.join(dir, 'own.prompt'), '---\nrefinery.kind: grader\nrefinery.judge: cerebras/gpt-oss-120b\n---\n{{output}}\n');
  writeFileSync(path.join(dir, 'none.prompt'), '---\nrefinery.kind: grader\n---\n{{output}}\n');
  writeFileSync(path.join(dir, 'ask.prompt'), '---\nmodel: sim/echo\nrefinery.graders: [own.prompt, none.prompt]\n---\nhi\n');
});

const judges = async (options: { judge?: string; defaultJudge?: string }) =>
  (await prepareRun({ promptPath: 'ask.prompt', cwd: dir, ...options })).graders.map((g) => g.judge);

describe('grader judge models', () => {
  it("uses the grader's own judge, and the default only for the grader that names none", async () => {
    expect(await judges({ defaultJudge: 'groq/llama-3.3-70b-versatile' })).toEqual(['cerebras/gpt-oss-120b', 'groq/llama-3.3-70b-versatile']);
  });

  it('lets --judge override every grader', async () => {
    expect(await judges({ judge: 'sim/echo', defaultJudge: 'groq/llama-3.3-70b-versatile' })).toEqual(['sim/echo', 'sim/echo']);
  });

  it('names the grader file and the three ways to give a judge when there is none', async () => {
    const error = await judges({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('the grader names no judge model');
    expect((error as UserError).location.file).toBe(path.join(dir, 'none.prompt'));
    expect((error as UserError).fix).toContain('refinery.judgeModel setting');
  });
});
