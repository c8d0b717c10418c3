import { ProviderError, type CompletionRequest, type CompletionResult, type Provider } from './types';

type ResponseFormat = NonNullable<CompletionRequest['responseFormat']>;

/** What a provider says when a model cannot do the structured output asked for. */
const UNSUPPORTED_FORMAT = /response_format|json_schema|json_object|structured output/i;

/** The next weaker form to ask for: a schema, then any JSON object, then plain text. */
function weaker(format: ResponseFormat | undefined): ResponseFormat | undefined {
  return format?.type === 'json_schema' ? { type: 'json_object' } : undefined;
}

function rejectsFormat(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'bad_request' && UNSUPPORTED_FORMAT.test(error.message);
}

/**
 * Structured output where the model supports it: a request with `responseFormat` that the
 * provider rejects as unsupported (400) is sent again with the next weaker form, and the model
 * is remembered so later requests start there. The answer is parsed the same way in every case
 * (the verdict and assertion parsers read JSON in prose), so only the guarantee is lost.
 */
export function withStructuredOutputFallback(provider: Provider): Provider {
  // model → the strongest form it accepted (undefined: plain text only)
  const accepted = new Map<string, ResponseFormat | undefined>();

  const strongestAccepted = (model: string, asked: ResponseFormat): ResponseFormat | undefined => {
    if (!accepted.has(model)) return asked;
    const known = accepted.get(model);
    if (known === undefined) return undefined;
    return known.type === 'json_object' && asked.type === 'json_schema' ? known : asked;
  };

  const complete = async (request: CompletionRequest): Promise<CompletionResult> => {
    if (!request.responseFormat) return provider.complete(request);
    let format = strongestAccepted(request.model, request.responseFormat);
    for (;;) {
      try {
        return await provider.complete({ ...request, responseFormat: format });
      } catch (error) {
        if (format === undefined || !rejectsFormat(error)) throw error;
        format = weaker(format);
        accepted.set(request.model, format);
      }
    }
  };

  return {
    id: provider.id,
    complete,
    ...(provider.baseUrl !== undefined && { baseUrl: provider.baseUrl }),
    ...(provider.listModels && { listModels: (signal?: AbortSignal) => provider.listModels?.(signal) ?? Promise.resolve([]) }),
    ...(provider.close && { close: () => provider.close?.() ?? Promise.resolve() }),
  };
}
