/** The machine-readable outcome of the VS Code tests, which scripts/test-totals.mjs adds to the totals. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const suiteCountsSchema = z.object({
  passed: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  failures: z.array(z.object({ title: z.string(), error: z.string() })),
});
export type SuiteCounts = z.infer<typeof suiteCountsSchema>;

export interface VsCodeResults {
  passed: number;
  failed: number;
  skipped: number;
  suites: Record<string, SuiteCounts & { seconds: number }>;
  /** Extension activation time measured in code-server, when it was found in the log. */
  activationMs?: number;
}

export function emptyCounts(): SuiteCounts {
  return { passed: 0, failed: 0, pending: 0, failures: [] };
}

export function writeResults(file: string, suites: VsCodeResults['suites'], activationMs?: number): VsCodeResults {
  const all = Object.values(suites);
  const results: VsCodeResults = {
    passed: all.reduce((n, s) => n + s.passed, 0),
    failed: all.reduce((n, s) => n + s.failed, 0),
    skipped: all.reduce((n, s) => n + s.pending, 0),
    suites,
    ...(activationMs === undefined ? {} : { activationMs }),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2));
  return results;
}
