/**
 * The optional second argument of `refinery.runPrompt` / `refinery.runAgainstDataset`, for
 * tests and other extensions: given, the quick picks are skipped. VS Code passes other things
 * in that position from menus (the explorer's selected URIs, the editor title's group), so only
 * an object carrying one of our keys counts as options, and then it must be valid.
 */
import { z } from 'zod';
import { UserError } from '../../core/errors';

export const runCommandOptionsSchema = z.strictObject({
  /** workspace-relative or absolute */
  dataset: z.string().min(1).optional(),
  /** a dataset already in the store (instead of `dataset`) */
  datasetId: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).min(1).optional(),
  graders: z.array(z.string().min(1)).optional(),
  judge: z.string().min(1).optional(),
  /** Open the results panel when the run starts (default true). */
  openResults: z.boolean().optional(),
  /** false: start without the cost confirmation (the default asks above `refinery.confirmCostAboveUsd`). */
  confirmCost: z.boolean().optional(),
});
export type RunCommandOptions = z.infer<typeof runCommandOptionsSchema>;

const OPTION_KEYS = Object.keys(runCommandOptionsSchema.shape);

export function parseRunCommandOptions(value: unknown): RunCommandOptions | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (!OPTION_KEYS.some((key) => Object.hasOwn(value, key))) return undefined;
  const parsed = runCommandOptionsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(
    'cli.usage',
    `invalid run options at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    {},
    `pass { ${OPTION_KEYS.join(', ')} } with string values (models and graders as arrays)`,
  );
}
