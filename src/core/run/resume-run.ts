import { z } from 'zod';
import { UserError } from '../errors';
import { compilePrompt, parsePrompt } from '../prompt';
import type { Store } from '../../store/types';
import type { PlannedGrader, RunPlan } from './run-plan';

const storedConfigSchema = z.object({
  promptPath: z.string().default('prompt.prompt'),
  graders: z.array(z.object({ ref: z.string(), judge: z.string() })).default([]),
});

/**
 * Rebuilds a run's plan from what the store kept — the prompt and grader texts that ran, not
 * today's files — so a resumed run finishes the run it started.
 */
export async function planResume(store: Store, runId: string): Promise<RunPlan> {
  const run = await store.getRun(runId);
  if (!run) {
    throw new UserError('store.not-found', `no run with id ${runId} in this store`, {}, 'list runs with `refinery runs list`');
  }
  const config = storedConfigSchema.parse(run.config);
  const prompt = parsePrompt(run.promptText, config.promptPath);
  const graders: PlannedGrader[] = [];
  for (const { ref, judge } of config.graders) {
    const text = run.graderTexts[ref];
    if (text === undefined) continue;
    const grader = parsePrompt(text, ref);
    graders.push({ ref, judge, compiled: await compilePrompt(grader), passThreshold: grader.refinery.passThreshold });
  }
  return { run, compiled: await compilePrompt(prompt), graders };
}
