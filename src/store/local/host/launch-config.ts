/** What a client hands the store host process it spawns (one JSON argument). */
import { z } from 'zod';

export const hostLaunchConfig = z.object({
  dataDir: z.string().min(1),
  migrationsDir: z.string().optional(),
  shimFile: z.string().optional(),
  seed: z.union([z.string(), z.literal(false)]).optional(),
  idleMs: z.number().int().nonnegative(),
});
export type HostLaunchConfig = z.infer<typeof hostLaunchConfig>;

/** A host with no client for this long exits; the next client starts another (about 0.7 s). */
export const DEFAULT_HOST_IDLE_MS = 10 * 60_000;
