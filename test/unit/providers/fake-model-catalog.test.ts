import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../fake-server/fake-openai-server';

// What the fake server says about models, in each provider's shape: the lists the SDKs read and
// the errors a retired model gets (Groq: 400 model_decommissioned; Cerebras: 404 model_not_found).

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakeServerOptions): Promise<FakeServer> {
  server = await startFakeServer(options);
  return server;
}

const post = (s: FakeServer, path: string, model: string) =>
  fetch(`${s.url}${path}`, { method: 'POST', body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }) });

describe('fake server model lists and retired models', () => {
  it("lists each flavour's models in its provider's shape, without the retired ones, counted apart from chat requests", async () => {
    const s = await start({ modelsByFlavour: { groq: ['openai/gpt-oss-20b', 'llama-3.3-70b-versatile'] }, models: ['gpt-oss-120b', 'llama3.1-8b'], retiredModels: ['llama-3.3-70b-versatile', 'llama3.1-8b'] });

    const groq: unknown = await (await fetch(`${s.url}/openai/v1/models`)).json();
    const cerebras: unknown = await (await fetch(`${s.url}/v1/models`)).json();

    expect(groq).toEqual({
      object: 'list',
      data: [{ id: 'openai/gpt-oss-20b', object: 'model', created: 1_754_400_000, owned_by: 'Fake', active: true, context_window: 131_072, public_apps: null, max_completion_tokens: 65_536 }],
    });
    expect(cerebras).toEqual({ object: 'list', data: [{ id: 'gpt-oss-120b', object: 'model', created: 1_754_400_000, owned_by: 'Fake' }] });
    expect(s.stats).toMatchObject({ modelListRequests: 2, totalRequests: 0 });
  });

  it('answers a retired model with the error body of each provider', async () => {
    const s = await start({ retiredModels: ['old-model'] });

    const groq = await post(s, '/openai/v1/chat/completions', 'old-model');
    const cerebras = await post(s, '/v1/chat/completions', 'old-model');
    const served = await post(s, '/v1/chat/completions', 'gpt-oss-120b');

    expect(groq.status).toBe(400);
    expect(await groq.json()).toEqual({
      error: {
        message: 'The model `old-model` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.',
        type: 'invalid_request_error',
        code: 'model_decommissioned',
      },
    });
    expect(cerebras.status).toBe(404);
    expect(await cerebras.json()).toEqual({ message: 'Model old-model does not exist or you do not have access to it.', type: 'not_found_error', param: 'model', code: 'model_not_found' });
    expect(served.status).toBe(200);
    expect(s.stats.byStatus).toEqual({ 200: 1, 400: 1, 404: 1 });
  });

  it('asks for the key on the model list too', async () => {
    const s = await start({ apiKey: 'k' });
    expect((await fetch(`${s.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${s.url}/v1/models`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
  });
});
