import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchClient, BatchStatus } from '../../../src/core/batch/types';
import { isFinishedState } from '../../../src/core/batch/types';
import { createGroqBatchClient } from '../../../src/core/providers/batch/groq-batch-client';
import { createOpenAIBatchClient } from '../../../src/core/providers/batch/openai-batch-client';
import { startFakeServer, type FakeServer } from '../../fake-server/fake-openai-server';

// Both flavours through their real SDKs (groq-sdk; openai for Cerebras' preview) against the
// fake server's file and batch endpoints.
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.setOptions({ batch: {} });
});

function jsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ custom_id: `cell-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages: [{ role: 'user', content: `ticket ${i}` }] } }),
  ).join('\n');
}

async function pollUntilFinished(client: BatchClient, batchId: string): Promise<{ status: BatchStatus; polls: number }> {
  for (let polls = 1; polls <= 100; polls++) {
    const status = await client.retrieve(batchId);
    if (isFinishedState(status.state)) return { status, polls };
  }
  throw new Error('the batch never finished');
}

const clients: Array<[string, () => BatchClient]> = [
  ['groq', () => createGroqBatchClient({ apiKey: 'k', baseUrl: server.url })],
  ['cerebras', () => createOpenAIBatchClient('cerebras', { apiKey: 'k', baseUrl: server.url, flavour: 'cerebras' })],
];

describe.each(clients)('%s batch client', (_name, makeClient) => {
  it('uploads, creates, polls and reads every line back once, unordered, failures included', async () => {
    server.setOptions({ batch: { linesPerPoll: 10, failContaining: 'ticket 7' } });
    const client = makeClient();
    const fileId = await client.upload(jsonl(25), 'run.jsonl');
    const created = await client.create(fileId, '24h');
    expect(created.state).toBe('validating');
    expect((await client.findByInputFile(fileId))?.batchId).toBe(created.batchId);
    expect(await client.findByInputFile('file_never_uploaded')).toBeNull();
    const { status, polls } = await pollUntilFinished(client, created.batchId);
    expect(status.state).toBe('completed');
    expect(polls).toBe(4); // validating → in_progress, then 10 + 10 + 5 lines
    const results = await client.results(status);
    expect(results.map((r) => r.customId).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `cell-${i}`).sort());
    expect(results.map((r) => r.customId)).not.toEqual(Array.from({ length: 25 }, (_, i) => `cell-${i}`));
    const failed = results.filter((r) => !r.ok);
    expect(failed).toEqual([expect.objectContaining({ customId: 'cell-7', kind: 'failed' })]);
    const answer = results.find((r) => r.customId === 'cell-3');
    expect(answer?.ok && answer.completion).toMatchObject({ choices: [{ message: { content: 'echo: ticket 3' } }] });
    expect(server.batchStats).toMatchObject({ filesUploaded: 1, batchesCreated: 1, linesReceived: 25 });
  });

  it('expires with 30 % done: the rest come back as expired lines', async () => {
    server.setOptions({ batch: { linesPerPoll: 2, expireAtFraction: 0.3 } });
    const client = makeClient();
    const created = await client.create(await client.upload(jsonl(20), 'run.jsonl'), '24h');
    const { status } = await pollUntilFinished(client, created.batchId);
    expect(status.state).toBe('expired');
    const results = await client.results(status);
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(results.filter((r) => !r.ok && r.kind === 'expired')).toHaveLength(14);
  });

  it('cancels at the provider', async () => {
    server.setOptions({ batch: { linesPerPoll: 3 } });
    const client = makeClient();
    const created = await client.create(await client.upload(jsonl(20), 'run.jsonl'), '24h');
    await client.retrieve(created.batchId);
    await client.retrieve(created.batchId);
    const cancelling = await client.cancel(created.batchId);
    expect(cancelling.state).toBe('cancelling');
    expect(server.batchStats.cancelRequests).toBe(1);
    const { status } = await pollUntilFinished(client, created.batchId);
    expect(status.state).toBe('cancelled');
    const results = await client.results(status);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results).toHaveLength(20);
  });

  it('a file over the batch limit fails validation with the reason', async () => {
    server.setOptions({ batch: { maxLines: 10 } });
    const client = makeClient();
    const created = await client.create(await client.upload(jsonl(11), 'run.jsonl'), '24h');
    expect(created.state).toBe('failed');
    expect(created.errors).toContain('at most 10');
  });
});
