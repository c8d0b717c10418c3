import { parseModelId } from './model-id';

/**
 * Which models take images in user messages. Groq and Cerebras publish no capability in
 * `GET /models`, so this is a list, kept by hand: Groq documented Llama 4 Scout and Maverick as
 * its vision models (console.groq.com/docs/vision, 2025; later catalogs list Scout as retired,
 * not verified here); Cerebras serves text models only. `sim/*` takes anything. A user-declared
 * OpenAI-compatible endpoint is not known: its server decides (and a model this list lags behind
 * can be reached that way, declaring the provider's URL as an endpoint).
 */
const IMAGE_MODELS: Record<string, readonly string[]> = {
  groq: ['meta-llama/llama-4-scout-17b-16e-instruct', 'meta-llama/llama-4-maverick-17b-128e-instruct'],
  cerebras: [],
};

export type ImageInput = 'yes' | 'no' | 'unknown';

export function imageInputOf(modelId: string): ImageInput {
  const { providerId, model } = parseModelId(modelId);
  if (providerId === 'sim') return 'yes';
  const known = IMAGE_MODELS[providerId];
  if (known === undefined || !Object.hasOwn(IMAGE_MODELS, providerId)) return 'unknown';
  return known.includes(model) ? 'yes' : 'no';
}

/** Every model id known to take images, for messages that name an alternative. */
export function imageModels(): string[] {
  return Object.entries(IMAGE_MODELS).flatMap(([provider, models]) => models.map((model) => `${provider}/${model}`));
}
