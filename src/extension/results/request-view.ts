/**
 * A recorded request (`SentRequest`: the exact JSON text of each message, the other body fields)
 * as the grade panel shows it: roles and text as sent, each image described by its type and size
 * or its URL, never its bytes. Pure, unit-tested.
 */
import { z } from 'zod';
import type { SentMessageView, SentPartView, SentRequestView } from '../../shared/protocol';
import type { SentRequest } from '../../core/model';

const wireMessage = z.object({
  role: z.string(),
  content: z.union([
    z.string(),
    z.array(
      z.union([
        z.object({ type: z.literal('text'), text: z.string() }),
        z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string() }) }),
      ]),
    ),
  ]),
});

const DATA_URL = /^data:([^;,]*)(;base64)?,/;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `image/png, 12.3 KB, sent inline` or `https://… (fetched by the provider)`. */
export function describeImage(url: string): string {
  const data = DATA_URL.exec(url);
  if (!data) return `image ${url} (fetched by the provider)`;
  const payload = url.length - data[0].length;
  const bytes = data[2] ? Math.floor((payload * 3) / 4) - (url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0) : payload;
  return `image (${data[1] || 'unknown type'}, ${formatBytes(bytes)}, sent inline)`;
}

function messageView(text: string): SentMessageView {
  const parsed = wireMessage.safeParse(JSON.parse(text));
  // a record Refinery wrote is always one of these shapes; show anything else as it is
  if (!parsed.success) return { role: 'unknown', parts: [{ type: 'text', text }] };
  const { role, content } = parsed.data;
  const parts: SentPartView[] =
    typeof content === 'string'
      ? [{ type: 'text', text: content }]
      : content.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image', description: describeImage(part.image_url.url) }));
  return { role, parts };
}

export function toRequestView(request: SentRequest): SentRequestView {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.params)) params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return { messages: request.messages.map(messageView), params };
}
