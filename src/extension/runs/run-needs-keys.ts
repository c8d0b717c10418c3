import { UserError } from '../../core/errors';
import type { MissingKey, ModelUse } from '../../core/providers/missing-keys';

/**
 * A run stopped before it was stored because provider keys are missing: every one of them, and
 * every model the run would call (its models, then the graders' judges), so the extension can
 * offer to set the keys or to run the same thing on the offline models.
 */
export class RunNeedsKeys extends UserError {
  readonly needsKeys = true;
  constructor(
    readonly missing: readonly MissingKey[],
    readonly uses: readonly ModelUse[],
    cause: UserError,
  ) {
    super('provider.missing-key', cause.message, cause.location, cause.fix);
  }
}

/** Not `instanceof` alone: the error may come from another bundle's copy of the class. */
export function isRunNeedsKeys(error: unknown): error is RunNeedsKeys {
  return error instanceof RunNeedsKeys || (error instanceof Error && (error as Partial<RunNeedsKeys>).needsKeys === true);
}

/** The models a run falls back to without keys: what needs no missing key stays, the rest becomes `sim/echo`, a judge `sim/judge`. */
export function offlineAlternative(needs: Pick<RunNeedsKeys, 'missing' | 'uses'>): { models: string[]; judge: string | undefined } {
  const keyless = new Set(needs.missing.map((m) => m.providerId));
  const needsKey = (modelId: string) => keyless.has(modelId.slice(0, modelId.indexOf('/')));
  const models = needs.uses.filter((use) => use.grader === undefined).map((use) => (needsKey(use.modelId) ? OFFLINE_MODEL : use.modelId));
  const judges = needs.uses.filter((use) => use.grader !== undefined);
  return {
    models: [...new Set(models)],
    judge: judges.some((use) => needsKey(use.modelId)) ? OFFLINE_JUDGE : undefined,
  };
}

export const OFFLINE_MODEL = 'sim/echo';
export const OFFLINE_JUDGE = 'sim/judge';
