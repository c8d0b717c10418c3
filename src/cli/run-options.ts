import type { RunSessionOptions } from '../core/run';
import type { CliArgs } from './args';

/** The CLI's side of a run session: its flags are the user's choice for this run; it has no settings layer. */
export function cliRunOptions(args: Pick<CliArgs, 'concurrency' | 'timeoutMs' | 'allowRemoteMedia' | 'batch'>, cwd: string): RunSessionOptions {
  return {
    workspaceRoot: cwd,
    chosen: { concurrency: args.concurrency, timeoutMs: args.timeoutMs },
    ...(args.allowRemoteMedia && { allowRemoteMedia: true }),
    ...(args.batch && { batch: true }),
  };
}
