/**
 * CLI entry: starts the fake server from JSON options (first argument, else the
 * FAKE_SERVER_OPTIONS environment variable) and prints `{"url":…,"port":…}` on one stdout line.
 * Only JSON-expressible options apply (no `respond` / `latencyMs` functions). Stops on
 * SIGTERM/SIGINT or when stdin closes, so a parent that dies never leaves it running.
 */
import { startFakeServer, type FakeServerOptions } from './fake-openai-server';

async function main(): Promise<void> {
  const raw = process.argv[2] ?? process.env.FAKE_SERVER_OPTIONS ?? '{}';
  const options = JSON.parse(raw) as FakeServerOptions;
  const server = await startFakeServer(options);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake server failed to start: ${String(error)}\n`);
  process.exit(1);
});
