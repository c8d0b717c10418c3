/**
 * What the fake server says about models: `GET /models` in each provider's shape, and the error
 * a real provider gives for a model it no longer serves.
 *
 * Shapes, as the providers send them (checked 2026-12-07 against public reports of real answers):
 * - Groq `GET /openai/v1/models`: `{ object: 'list', data: [{ id, object: 'model', created,
 *   owned_by, active, context_window, public_apps, max_completion_tokens }] }`.
 * - Cerebras `GET /v1/models` (the SDK's default format): `{ object: 'list', data: [{ id,
 *   object: 'model', created, owned_by }] }`.
 * - Groq, retired model: 400 `{ error: { message: 'The model `…` has been decommissioned and is
 *   no longer supported. Please refer to https://console.groq.com/docs/deprecations …',
 *   type: 'invalid_request_error', code: 'model_decommissioned' } }`.
 * - Cerebras, retired or unknown model: 404 with the error at the top level, `{ message: 'Model …
 *   does not exist or you do not have access to it.', type: 'not_found_error', param: 'model',
 *   code: 'model_not_found' }`.
 */
import type { Flavour } from './wire-format';

/** Served by both flavours unless the options say otherwise: ids of today's models and the tests' fixtures. */
export const DEFAULT_MODELS: readonly string[] = ['openai/gpt-oss-20b', 'openai/gpt-oss-120b', 'gpt-oss-120b', 'llama-3.1-8b-instant', 'llama-3.3-70b-versatile'];

export interface ModelCatalogOptions {
  /** Served by `GET /v1/models` and `GET /openai/v1/models`; default `DEFAULT_MODELS`. */
  models?: string[];
  /** Per flavour, replacing `models` for that flavour's path. */
  modelsByFlavour?: Partial<Record<Flavour, string[]>>;
  /** Models the provider has retired: left out of the list, and a chat request for one gets the provider's error. */
  retiredModels?: string[];
}

const CREATED = 1_754_400_000;

function servedModels(flavour: Flavour, options: ModelCatalogOptions): string[] {
  const listed = options.modelsByFlavour?.[flavour] ?? options.models ?? DEFAULT_MODELS;
  const retired = new Set(options.retiredModels ?? []);
  return listed.filter((id) => !retired.has(id));
}

/** Which flavour's model list a path asks for: Groq's `/openai/v1/models` or Cerebras' (generic) `/v1/models`. */
export function modelListFlavour(url: string): Flavour | undefined {
  return url === '/openai/v1/models' ? 'groq' : url === '/v1/models' ? 'cerebras' : undefined;
}

/** The answer to `GET …/models`: the list, or 401 without the key the server expects (`apiKey` set). */
export function modelListAnswer(flavour: Flavour, authorization: string | undefined, options: ModelCatalogOptions & { apiKey?: string }): { status: number; body: string } {
  if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
    return { status: 401, body: JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }) };
  }
  return { status: 200, body: modelListJson(flavour, options) };
}

/** The body of `GET …/models` for this flavour. */
function modelListJson(flavour: Flavour, options: ModelCatalogOptions): string {
  const data = servedModels(flavour, options).map((id) =>
    flavour === 'groq'
      ? { id, object: 'model', created: CREATED, owned_by: 'Fake', active: true, context_window: 131_072, public_apps: null, max_completion_tokens: 65_536 }
      : { id, object: 'model', created: CREATED, owned_by: 'Fake' },
  );
  return JSON.stringify({ object: 'list', data });
}

export interface RetiredModelAnswer {
  status: number;
  body: string;
}

/** The provider's answer to a chat request for a retired model, or `undefined` when the model is served. */
export function retiredModelAnswer(flavour: Flavour, model: string, options: ModelCatalogOptions): RetiredModelAnswer | undefined {
  if (!options.retiredModels?.includes(model)) return undefined;
  if (flavour === 'groq') {
    const message = `The model \`${model}\` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.`;
    return { status: 400, body: JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'model_decommissioned' } }) };
  }
  const message = `Model ${model} does not exist or you do not have access to it.`;
  return { status: 404, body: JSON.stringify({ message, type: 'not_found_error', param: 'model', code: 'model_not_found' }) };
}
