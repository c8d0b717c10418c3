/**
 * The floor the benchmark compares the CLI with: the same chat calls, made by nothing but
 * groq-sdk over an undici connection pool (the same pooled transport the providers use: undici's
 * dispatcher, no scheduling, rendering, grading or store). Run in its own process
 * (`bench.js --floor-child URL CALLS CONCURRENCY [mixed]`) so its CPU is its own.
 *
 * `mixed` (not the target's floor, a diagnostic beside it): the calls go round-robin through the
 * three SDKs the CLI's run uses (groq-sdk, the Cerebras SDK, openai), as the CLI's do, to tell
 * what the mix of SDKs costs from what the CLI adds around them.
 */
import Cerebras from '@cerebras/cerebras_cloud_sdk';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { createPooledHttp } from '../../src/core/providers/http';

interface Chat {
  model: string;
  create(body: { model: string; temperature: number; max_completion_tokens: number; messages: Array<{ role: 'system' | 'user'; content: string }> }): Promise<unknown>;
}

export async function runFloorClient(baseURL: string, calls: number, concurrency: number, ticket: (index: number) => string, mixed = false): Promise<void> {
  const http = createPooledHttp({ connectionsPerOrigin: concurrency });
  const groq = new Groq({ apiKey: 'bench-key', baseURL, maxRetries: 0, fetch: http.fetch });
  const chats: Chat[] = [{ model: 'bench-8b', create: (body) => groq.chat.completions.create(body) }];
  if (mixed) {
    const cerebrasFetch = http.fetch as unknown as NonNullable<ConstructorParameters<typeof Cerebras>[0]>['fetch'];
    const cerebras = new Cerebras({ apiKey: 'bench-key', baseURL, maxRetries: 0, warmTCPConnection: false, fetch: cerebrasFetch });
    const openai = new OpenAI({ apiKey: 'bench-key', baseURL: `${baseURL}/v1`, maxRetries: 0, fetch: http.fetch });
    chats.push(
      { model: 'bench-120b', create: (body) => cerebras.chat.completions.create({ ...body, stream: false }) },
      { model: 'bench-oss', create: (body) => openai.chat.completions.create(body) },
    );
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      const index = next++;
      const chat = chats[index % chats.length] as Chat;
      await chat.create({
        model: chat.model,
        temperature: 0,
        max_completion_tokens: 32,
        messages: [
          { role: 'system', content: 'Classify the ticket with one word.' },
          { role: 'user', content: ticket(index) },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await http.close();
}
