// Loaded into the @supabase/lite server process (node --import) by scripts/with-supabase-lite.sh.
// On Node 20, FileHandle.readableWebStream() yields ArrayBuffer chunks, while lite's filesystem
// Storage adapter and @hono/node-server expect Uint8Array: downloads would fail. Newer Node
// versions yield Uint8Array already, and this does nothing there.
import fs from 'node:fs/promises';

if (Number(process.versions.node.split('.')[0]) < 22) {
  const handle = await fs.open(new URL(import.meta.url));
  const prototype = Object.getPrototypeOf(handle);
  await handle.close();
  const original = prototype.readableWebStream;
  prototype.readableWebStream = function readableWebStream(...args) {
    const source = original.apply(this, args);
    const fileHandle = this;
    return source.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : chunk);
        },
        flush() {
          fileHandle.close().catch(() => {});
        },
      }),
    );
  };
}
