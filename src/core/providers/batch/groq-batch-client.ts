import Groq from 'groq-sdk';
import type { BatchClient } from '../../batch/types';
import { parseOpenAIResultLines, toBatchStatus } from '../../batch/wire';
import { GROQ_DEFAULT_BASE_URL } from '../groq';

export interface BatchClientOptions {
  apiKey: string;
  /** For Groq and Cerebras the origin (the SDK adds its path); for an endpoint its `/v1` base URL. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Groq's Batch API through `groq-sdk` (`files`, `batches`), OpenAI's file format. */
export function createGroqBatchClient(options: BatchClientOptions): BatchClient {
  const client = new Groq({ apiKey: options.apiKey, baseURL: options.baseUrl ?? GROQ_DEFAULT_BASE_URL, maxRetries: 2, ...(options.fetch && { fetch: options.fetch }) });
  const fileText = async (fileId: string): Promise<string> => (await client.files.content(fileId)).text();
  return {
    providerId: 'groq',
    async upload(jsonl, fileName) {
      const file = await client.files.create({ file: new File([jsonl], fileName, { type: 'application/jsonl' }), purpose: 'batch' });
      if (file.id === undefined) throw new Error('Groq accepted the batch file but returned no file id');
      return file.id;
    },
    create: async (inputFileId, completionWindow) =>
      toBatchStatus(await client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: completionWindow })),
    retrieve: async (batchId) => toBatchStatus(await client.batches.retrieve(batchId)),
    cancel: async (batchId) => toBatchStatus(await client.batches.cancel(batchId)),
    async findByInputFile(inputFileId) {
      const found = (await client.batches.list()).data.find((batch) => batch.input_file_id === inputFileId);
      return found ? toBatchStatus(found) : null;
    },
    async results(status) {
      const texts = await Promise.all([status.outputFileId, status.errorFileId].flatMap((id) => (id ? [fileText(id)] : [])));
      return texts.flatMap(parseOpenAIResultLines);
    },
  };
}
