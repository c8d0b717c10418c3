/** The Batch API's JSON, checked with zod where it enters: batch objects and result lines. */
import { z } from 'zod';
import { BATCH_STATES, type BatchLineResult, type BatchStatus } from './types';

const errorsSchema = z.union([
  z.string(),
  z.object({ data: z.array(z.object({ message: z.string().nullish(), code: z.string().nullish() })).nullish() }),
]);

export const batchObjectSchema = z.object({
  id: z.string(),
  status: z.enum(BATCH_STATES),
  output_file_id: z.string().nullish(),
  error_file_id: z.string().nullish(),
  errors: errorsSchema.nullish(),
  request_counts: z.object({ total: z.number(), completed: z.number(), failed: z.number() }).nullish(),
});

export function toBatchStatus(value: unknown): BatchStatus {
  const batch = batchObjectSchema.parse(value);
  const errors = typeof batch.errors === 'string' ? batch.errors : (batch.errors?.data?.map((e) => e.message ?? e.code ?? '').filter(Boolean).join('; ') ?? '');
  return {
    batchId: batch.id,
    state: batch.status,
    total: batch.request_counts?.total ?? 0,
    completed: batch.request_counts?.completed ?? 0,
    failed: batch.request_counts?.failed ?? 0,
    outputFileId: batch.output_file_id ?? null,
    errorFileId: batch.error_file_id ?? null,
    errors: errors === '' ? null : errors,
  };
}

const lineErrorSchema = z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish();

/** OpenAI's (and Groq's) output and error file line. */
const openAILineSchema = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number(), body: z.unknown() }).nullish(),
  error: lineErrorSchema,
});

/** Cerebras' results line. */
const cerebrasLineSchema = z.object({
  custom_id: z.string(),
  status: z.enum(['succeeded', 'failed', 'expired']),
  response: z.unknown().optional(),
  error: lineErrorSchema,
});

const bodyErrorSchema = z.object({ error: z.object({ message: z.string() }) });

function messageOf(error: z.infer<typeof lineErrorSchema>, fallback: string): string {
  return [error?.code, error?.message].filter(Boolean).join(': ') || fallback;
}

function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export function parseOpenAIResultLines(text: string): BatchLineResult[] {
  return jsonLines(text).map((value): BatchLineResult => {
    const line = openAILineSchema.parse(value);
    const status = line.response?.status_code;
    if (status !== undefined && status >= 200 && status < 300) return { customId: line.custom_id, ok: true, completion: line.response?.body };
    const code = line.error?.code ?? '';
    const kind = code === 'batch_expired' ? 'expired' : code === 'batch_cancelled' ? 'cancelled' : 'failed';
    const bodyError = bodyErrorSchema.safeParse(line.response?.body);
    const message = bodyError.success ? `${status ?? ''} ${bodyError.data.error.message}`.trim() : messageOf(line.error, `HTTP ${status ?? '?'}`);
    return { customId: line.custom_id, ok: false, kind, message };
  });
}

export function parseCerebrasResultLines(text: string): BatchLineResult[] {
  return jsonLines(text).map((value): BatchLineResult => {
    const line = cerebrasLineSchema.parse(value);
    if (line.status === 'succeeded') return { customId: line.custom_id, ok: true, completion: line.response };
    return { customId: line.custom_id, ok: false, kind: line.status, message: messageOf(line.error, line.status) };
  });
}
