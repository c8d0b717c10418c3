import { UserError, type ErrorLocation } from '../errors';

export interface ParsedModelId {
  providerId: string;
  /** The provider's own model name; may itself contain `/` (`openai/gpt-oss-120b`). */
  model: string;
}

/** Splits `provider/model` at the first `/`: `groq/openai/gpt-oss-120b` → `groq` + `openai/gpt-oss-120b`. */
export function parseModelId(id: string, location: ErrorLocation = {}): ParsedModelId {
  const trimmed = id.trim();
  const slash = trimmed.indexOf('/');
  const providerId = slash > 0 ? trimmed.slice(0, slash) : '';
  const model = slash > 0 ? trimmed.slice(slash + 1) : '';
  if (providerId === '' || model === '') {
    throw new UserError(
      'prompt.unknown-model',
      `model id "${id}" is not of the form provider/model`,
      location,
      'write it as provider/model, e.g. groq/openai/gpt-oss-20b, cerebras/gpt-oss-120b or sim/echo',
    );
  }
  return { providerId, model };
}
