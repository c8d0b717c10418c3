import type { RunEvent } from '../core/run';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A progress bar redrawn in place on a terminal; plain lines (every 10 % or 5 s) when the
 * output is a pipe or a CI log, where carriage returns would make a mess.
 */
export function createProgressReporter(out: ProgressOutput, now: () => number = Date.now) {
  const started = now();
  let lastDraw = 0;
  let lastPlainPercent = -1;
  let drawn = false;

  function line(done: number, total: number, failed: number, inFlight: number): string {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    return `${done}/${total} cells (${pct}%) · ${failed} failed · ${inFlight} in flight · ${clock(now() - started)}`;
  }

  return {
    onEvent(event: RunEvent): void {
      switch (event.type) {
        case 'run-started':
          out.write(
            `run ${event.run.id}: ${event.total} cells on ${event.run.models.length} model(s)` +
              (event.alreadyDone > 0 ? `, ${event.alreadyDone} already done` : '') +
              '\n',
          );
          break;
        case 'progress': {
          const t = now();
          if (out.isTTY) {
            if (t - lastDraw < 100 && event.done < event.total) return;
            lastDraw = t;
            const width = 24;
            const filled = event.total === 0 ? width : Math.round((event.done / event.total) * width);
            const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
            const text = `${bar} ${line(event.done, event.total, event.failed, event.inFlight)}`;
            out.write(`\r${text.slice(0, (out.columns ?? 120) - 1)}\x1b[K`);
            drawn = true;
          } else {
            const pct = event.total === 0 ? 100 : Math.floor((event.done / event.total) * 10) * 10;
            if (pct === lastPlainPercent && t - lastDraw < 5000) return;
            lastPlainPercent = pct;
            lastDraw = t;
            out.write(`progress: ${line(event.done, event.total, event.failed, event.inFlight)}\n`);
          }
          break;
        }
        case 'run-finished':
          if (drawn) out.write('\n');
          out.write(
            `run ${event.run.id} ${event.status}: ${event.completed} completed, ${event.failed} failed` +
              (event.cancelled > 0 ? `, ${event.cancelled} not run` : '') +
              ` in ${clock(now() - started)}\n`,
          );
          break;
        case 'model-stopped':
          if (drawn) out.write('\n');
          drawn = false;
          out.write(`stopped ${event.modelId}: ${event.message}\n`);
          break;
        case 'retrying':
        case 'cell-saved':
          break;
      }
    },
  };
}
