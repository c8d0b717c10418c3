import { z } from 'zod';
import type { JsonValue } from './json';

const json: z.ZodType<JsonValue> = z.json();
/** A field that was stored wrong (by an old version, or by hand) reads as absent rather than making the run unreadable. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * What a run keeps in its `config` column, parsed once where run rows are read (`src/store/rows.ts`).
 * Keys it does not know are kept as they are, so a newer version's config survives a round trip.
 */
export const runConfigSchema = z
  .object({
    /** Workspace-relative, `/`-separated. */
    promptPath: z.string().catch('prompt.prompt').default('prompt.prompt'),
    /** Workspace-relative, or the store's path of a stored dataset; null for a run without one. */
    datasetPath: z.string().nullable().catch(null).default(null),
    graders: z
      .array(z.object({ ref: z.string(), judge: z.string() }))
      .catch([])
      .default([]),
    /** The assertion names of the prompt; absent for runs stored before they were kept. */
    assertions: optional(z.array(z.string())),
    allowRemoteMedia: z.boolean().catch(false).default(false),
    /** The limits the run ran with (see `resolveRunLimits`); absent for runs stored before they were kept. */
    concurrency: optional(z.int().min(1)),
    timeoutMs: optional(z.int().min(1)),
    /** Set on a run copied from another store: the id it had there (see `core/sync`). */
    importedFromRun: optional(z.string()),
    /** The run's cells go through the providers' Batch APIs (`refinery run --batch`, Run as Batch). */
    batch: optional(z.boolean()),
    /**
     * A batch run's discount per model id (`provider/model` → 0.5 for half price), as offered when it
     * was submitted: its cells are costed at it, whatever the settings say later. Absent for runs
     * stored before it was kept (and for live runs).
     */
    batchDiscounts: optional(z.record(z.string(), z.number().min(0).max(1))),
  })
  .catchall(json);

export type RunConfig = z.infer<typeof runConfigSchema>;

/** Reads a stored config; never throws (see `optional` above). */
export function parseRunConfig(config: unknown): RunConfig {
  return runConfigSchema.parse(config ?? {});
}

/** The discount a batch run's model was submitted at (0.5: half price); undefined for a live run, or a batch run stored before discounts were kept. */
export function storedBatchDiscount(config: RunConfig, modelId: string): number | undefined {
  return config.batchDiscounts?.[modelId];
}
