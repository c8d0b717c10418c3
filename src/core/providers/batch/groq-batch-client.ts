import type { BatchClient } from '../../batch/types';
import { parseOpenAIResultLines, toBatchStatus } from '../../batch/wire';
import { GROQ_DEFAULT_BASE_URL } from '../groq';
import { onFirstUse } from '../on-first-use';

export interface BatchClientOptions {
  apiKey: string;
  /** For Groq and Cerebras the origin (the SDK adds its path); for an endpoint its `/v1` base URL. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Groq's Batch API through `groq-sdk` (`files`, `batches`), OpenAI's file format. */
export function createGroqBatchClient(options: BatchClientOptions): BatchClient {
  const sdk = onFirstUse(async () => {
    const { default: Groq } = await import('groq-sdk');
    return new Groq({ apiKey: options.apiKey, baseURL: options.baseUrl ?? GROQ_DEFAULT_BASE_URL, maxRetries: 2, ...(options.fetch && { fetch: options.fetch }) });
  });
  const fileText = async (fileId: string): Promise<string> => (await (await sdk()).files.content(fileId)).text();
  return {
    providerId: 'groq',
    async upload(jsonl, fileName) {
      const file = await (await sdk()).files.create({ file: new File([jsonl], fileName, { type: 'application/jsonl' }), purpose: 'batch' });
      if (file.id === undefined) throw new Error('Groq accepted the batch file but returned no file id');
      return file.id;
    },
    create: async (inputFileId, completionWindow) =>
      toBatchStatus(await (await sdk()).batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: completionWindow })),
    retrieve: async (batchId) => toBatchStatus(await (await sdk()).batches.retrieve(batchId)),
    cancel: async (batchId) => toBatchStatus(await (await sdk()).batches.cancel(batchId)),
    async findByInputFile(inputFileId) {
      const found = (await (await sdk()).batches.list()).data.find((batch) => batch.input_file_id === inputFileId);
      return found ? toBatchStatus(found) : null;
    },
    async results(status) {
      const texts = await Promise.all([status.outputFileId, status.errorFileId].flatMap((id) => (id ? [fileText(id)] : [])));
      return texts.flatMap(parseOpenAIResultLines);
    },
  };
}
