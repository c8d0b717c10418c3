/**
 * The floor the benchmark compares the CLI with: the same chat calls, made by nothing but
 * groq-sdk over an undici connection pool (the same pooled transport the providers use: undici's
 * dispatcher, no scheduling, rendering, grading or store). Run in its own process
 * (`bench.js --floor-child URL CALLS CONCURRENCY`) so its CPU is its own.
 */
import Groq from 'groq-sdk';
import { createPooledHttp } from '../../src/core/providers/http';

export async function runFloorClient(baseURL: string, calls: number, concurrency: number, ticket: (index: number) => string): Promise<void> {
  const http = createPooledHttp({ connectionsPerOrigin: concurrency });
  const client = new Groq({ apiKey: 'bench-key', baseURL, maxRetries: 0, fetch: http.fetch });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      const index = next++;
      await client.chat.completions.create({
        model: 'bench-8b',
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
