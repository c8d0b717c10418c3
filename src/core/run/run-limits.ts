/** How many calls a run has in flight at once, and how long one attempt may take. */
export interface RunLimits {
  concurrency: number;
  timeoutMs: number;
}

/** One layer of the precedence order: what it says, if anything. */
export type RunLimitsLayer = Partial<RunLimits>;

export const DEFAULT_RUN_LIMITS: RunLimits = { concurrency: 16, timeoutMs: 60_000 };

/**
 * Attempts per call that fail on 5xx, timeouts or network errors (a 429 never counts: a
 * rate-limited call waits for as long as the run lives). Every run, re-run and pairwise judge
 * gets it through `runScheduler`.
 */
export const RUN_RETRIES = { maxAttempts: 6 } as const;

/**
 * The one precedence order for a run's limits, first that says wins:
 * 1. the run's stored config (resuming: a resumed run finishes with the limits it started with);
 * 2. what the user chose for this run (a CLI flag, an editor choice);
 * 3. the prompt file (`refinery.concurrency`, `refinery.timeout`);
 * 4. the settings (VS Code settings; the CLI has none);
 * 5. `DEFAULT_RUN_LIMITS`.
 */
export function resolveRunLimits(layers: { stored?: RunLimitsLayer; chosen?: RunLimitsLayer; prompt?: RunLimitsLayer; settings?: RunLimitsLayer }): RunLimits {
  const order = [layers.stored, layers.chosen, layers.prompt, layers.settings, DEFAULT_RUN_LIMITS];
  const first = <K extends keyof RunLimits>(key: K): RunLimits[K] => {
    for (const layer of order) {
      const value = layer?.[key];
      if (value !== undefined) return value;
    }
    return DEFAULT_RUN_LIMITS[key];
  };
  return { concurrency: first('concurrency'), timeoutMs: first('timeoutMs') };
}
