/** The GitHub Actions recipe of the README, read as a workflow (the pack test runs its steps). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const stepSchema = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});
const workflowSchema = z.object({
  jobs: z.record(z.string(), z.object({ steps: z.array(stepSchema) })),
});
export type WorkflowStep = z.infer<typeof stepSchema>;

/** The steps of the first ```yaml block whose first line names a file in .github/workflows/. */
export function readmeWorkflowSteps(readmeFile: string): WorkflowStep[] {
  const readme = readFileSync(readmeFile, 'utf8');
  const block = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((text) => /^# \.github\/workflows\//.test(text));
  if (!block) throw new Error(`${readmeFile} has no \`\`\`yaml block starting with "# .github/workflows/…"`);
  const workflow = workflowSchema.parse(parse(block));
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** The one step whose `run` starts with `prefix`; its command split into words (the recipe uses no quoting). */
export function stepRunning(steps: WorkflowStep[], prefix: string): { step: WorkflowStep; words: string[] } {
  const matching = steps.filter((s) => s.run?.trim().startsWith(prefix));
  if (matching.length !== 1) throw new Error(`expected one step running "${prefix}…" in the README's workflow, found ${matching.length}`);
  const step = matching[0] as WorkflowStep;
  return { step, words: (step.run ?? '').trim().split(/\s+/) };
}

/** The value following `flag` in `words` (undefined when the flag is absent). */
export function flagValue(words: string[], flag: string): string | undefined {
  const at = words.indexOf(flag);
  return at >= 0 ? words[at + 1] : undefined;
}
