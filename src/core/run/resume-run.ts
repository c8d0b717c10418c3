import path from 'node:path';
import { UserError } from '../errors';
import { compilePrompt, parsePrompt } from '../prompt';
import type { Store } from '../ports/store';
import type { PlannedGrader, RunPlan } from './run-plan';

export interface ResumeOptions {
  /** What the run's stored paths are relative to (the workspace root, or the CLI's cwd): `{{media}}` files are read from beside the dataset. */
  workspaceRoot?: string;
}

/**
 * Rebuilds a run's plan from what the store kept — the prompt, grader and partial texts that
 * ran, not today's files — so a resumed run finishes the run it started.
 */
export async function planResume(store: Store, runId: string, options: ResumeOptions = {}): Promise<RunPlan> {
  const run = await store.getRun(runId);
  if (!run) {
    throw new UserError('store.not-found', `no run with id ${runId} in this store`, {}, 'list runs with `refinery runs list`');
  }
  const { config } = run;
  const root = options.workspaceRoot ?? process.cwd();
  const promptPath = path.resolve(root, config.promptPath);
  const compileOptions = {
    mediaBaseDir: path.dirname(config.datasetPath === null ? promptPath : path.resolve(root, config.datasetPath)),
    allowRemoteMedia: config.allowRemoteMedia,
  };
  const prompt = parsePrompt(run.promptText, config.promptPath, run.partialTexts.prompt);
  const graders: PlannedGrader[] = [];
  for (const { ref, judge } of config.graders) {
    const text = run.graderTexts[ref];
    if (text === undefined) continue;
    const grader = parsePrompt(text, ref, run.partialTexts.graders[ref] ?? {});
    graders.push({ ref, judge, compiled: await compilePrompt(grader, compileOptions), passThreshold: grader.refinery.passThreshold });
  }
  return { run, compiled: await compilePrompt(prompt, compileOptions), graders };
}
