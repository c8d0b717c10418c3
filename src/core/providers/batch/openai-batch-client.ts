import type { BatchClient } from '../../batch/types';
import { parseCerebrasResultLines, parseOpenAIResultLines, toBatchStatus } from '../../batch/wire';
import { CEREBRAS_DEFAULT_BASE_URL } from '../cerebras';
import { onFirstUse } from '../on-first-use';
import type { BatchClientOptions } from './groq-batch-client';

/**
 * OpenAI's Batch API through the `openai` SDK: an OpenAI-compatible endpoint that declares
 * `batch: true`, and Cerebras' preview (its SDK has no batch resource yet), whose results come
 * from `GET /v1/batches/{id}/results` as lines `{custom_id, status, response | error}`.
 */
export function createOpenAIBatchClient(providerId: string, options: BatchClientOptions & { flavour: 'openai' | 'cerebras'; headers?: Record<string, string> }): BatchClient {
  const baseURL = options.flavour === 'cerebras' ? `${(options.baseUrl ?? CEREBRAS_DEFAULT_BASE_URL).replace(/\/+$/, '')}/v1` : options.baseUrl;
  const sdk = onFirstUse(async () => {
    const { default: OpenAI } = await import('openai');
    return new OpenAI({ apiKey: options.apiKey, baseURL, maxRetries: 2, defaultHeaders: options.headers, ...(options.fetch && { fetch: options.fetch }) });
  });
  const fileText = async (fileId: string): Promise<string> => (await (await sdk()).files.content(fileId)).text();
  return {
    providerId,
    async upload(jsonl, fileName) {
      const file = await (await sdk()).files.create({ file: new File([jsonl], fileName, { type: 'application/jsonl' }), purpose: 'batch' });
      return file.id;
    },
    async create(inputFileId, completionWindow) {
      // The SDK types the window as OpenAI's only value; other servers take more.
      const params = { input_file_id: inputFileId, endpoint: '/v1/chat/completions' as const, completion_window: completionWindow as '24h' };
      return toBatchStatus(await (await sdk()).batches.create(params));
    },
    retrieve: async (batchId) => toBatchStatus(await (await sdk()).batches.retrieve(batchId)),
    cancel: async (batchId) => toBatchStatus(await (await sdk()).batches.cancel(batchId)),
    async findByInputFile(inputFileId) {
      // Newest first: a lost create is recent, so the first pages hold it.
      let seen = 0;
      for await (const batch of (await sdk()).batches.list({ limit: 100 })) {
        if (batch.input_file_id === inputFileId) return toBatchStatus(batch);
        if (++seen >= 1000) break;
      }
      return null;
    },
    async results(status) {
      if (options.flavour === 'cerebras') {
        const response = await (await sdk()).get(`/batches/${encodeURIComponent(status.batchId)}/results`).asResponse();
        return parseCerebrasResultLines(await response.text());
      }
      const texts = await Promise.all([status.outputFileId, status.errorFileId].flatMap((id) => (id ? [fileText(id)] : [])));
      return texts.flatMap(parseOpenAIResultLines);
    },
  };
}
