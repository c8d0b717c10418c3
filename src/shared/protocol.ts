/**
 * The host ↔ webview protocol: discriminated unions named by direction, validated with zod
 * where they arrive. The results grid fills this out in the extension milestone.
 */
import { z } from 'zod';

export const fromWebviewMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);
export type FromWebviewMessage = z.infer<typeof fromWebviewMessageSchema>;

export const toWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('showRun'), runId: z.string() }),
  z.object({ type: z.literal('showError'), message: z.string() }),
]);
export type ToWebviewMessage = z.infer<typeof toWebviewMessageSchema>;

export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
