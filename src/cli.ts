import { formatUserError, isUserError } from './core/errors';
import { parseCliArgs, usage } from './cli/args';
import { compareCommand } from './cli/compare-command';
import { runCommand, type CliIO } from './cli/run-command';
import { modelsCommand } from './cli/models-command';
import { exportCommand, runsListCommand, runsShowCommand } from './cli/runs-command';
import { runsCancelCommand, runsResumeCommand, runsWatchCommand } from './cli/batch-command';
import { datasetsDeleteCommand, datasetsListCommand, datasetsShowCommand } from './cli/datasets-command';

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${usage}\n`);
        return 0;
      case 'run':
        return await runCommand(args, io);
      case 'runs-list':
        return await runsListCommand(args, io);
      case 'runs-show':
        return await runsShowCommand(args, io);
      case 'runs-watch':
        return await runsWatchCommand(args, io);
      case 'runs-resume':
        return await runsResumeCommand(args, io);
      case 'runs-cancel':
        return await runsCancelCommand(args, io);
      case 'datasets-list':
        return await datasetsListCommand(args, io);
      case 'datasets-show':
        return await datasetsShowCommand(args, io);
      case 'datasets-delete':
        return await datasetsDeleteCommand(args, io);
      case 'export':
        return await exportCommand(args, io);
      case 'compare':
        return await compareCommand(args, io);
      case 'models':
        return await modelsCommand(args, io);
    }
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`${formatUserError(error)}\n`);
      return 2;
    }
    io.stderr.write(`refinery: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 3;
  }
}

/** The process entry: wires Ctrl-C to cancellation and sets the exit code. */
export function runFromProcess(): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\ncancelling… completed cells are kept (Ctrl-C again to quit now)\n');
    controller.abort();
  });
  process.on('SIGTERM', () => controller.abort());
  // The reader of the output went away (`refinery runs list | head`): stop as on SIGTERM, so a
  // run still saves its completed cells, and without a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`refinery: cannot write the output: ${error.message}\n`);
      process.exitCode = 3;
    }
    controller.abort();
  });
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode ??= code;
    },
    (error: unknown) => {
      process.stderr.write(`refinery: ${String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
