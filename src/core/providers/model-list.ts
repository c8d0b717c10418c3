/**
 * `GET /models` as the OpenAI-style APIs answer it: `{ data: [{ id, … }] }`. Groq adds
 * `active` and `context_window`; Cerebras and local servers send the OpenAI fields only.
 */
import { z } from 'zod';

/** One model a provider serves, as its own id (without the `provider/` prefix). */
export interface ServedModel {
  id: string;
  ownedBy?: string;
  contextWindow?: number;
}

const modelListSchema = z.object({
  data: z.array(
    z.looseObject({
      id: z.string().min(1),
      owned_by: z.string().nullish(),
      context_window: z.number().nullish(),
      // Groq lists a model it has switched off with `active: false`.
      active: z.boolean().nullish(),
    }),
  ),
});

/** The served models of a `GET /models` answer, sorted by id; `undefined` when the answer is not that shape. */
export function parseModelList(json: unknown): ServedModel[] | undefined {
  const parsed = modelListSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return parsed.data.data
    .filter((model) => model.active !== false)
    .map((model) => ({
      id: model.id,
      ...(model.owned_by ? { ownedBy: model.owned_by } : {}),
      ...(typeof model.context_window === 'number' ? { contextWindow: model.context_window } : {}),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
