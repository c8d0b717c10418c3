/**
 * Which providers take batch runs, at what discount, window and limits. Groq's offer is built
 * in and dated; Cerebras' Batch API is a preview: off until the settings turn it on, and its
 * discount is whatever the settings say (none assumed: a cost should over-report, never under).
 * An OpenAI-compatible endpoint takes batches when it declares `batch: true`.
 */
import { z } from 'zod';
import { UserError } from '../errors';
import type { OpenAICompatibleEndpoint } from '../providers/endpoint-schema';
import type { BatchLimits } from './split-at-limits';

export type BatchFlavour = 'groq' | 'cerebras' | 'openai';

export interface BatchOffer {
  providerId: string;
  flavour: BatchFlavour;
  /** 0.5: batch lines cost half the live price. */
  discount: number;
  /** What `POST /batches` is asked for, e.g. `24h`. */
  completionWindow: string;
  limits: BatchLimits;
  asOf?: string;
  source?: string;
  preview?: boolean;
}

const MB = 1024 * 1024;

/** When the built-in batch figures were checked. */
export const BATCH_OFFERS_AS_OF = '2026-12-07';

/**
 * Groq: 50,000 lines; the file limit is 100 MB in groq-sdk's reference (`files.create`), 200 MB in
 * some of Groq's pages: the lower figure is used. Discount 50 % per Groq's batch docs as of the date
 * (it was 25 % earlier: keep it a setting).
 */
const GROQ_OFFER: BatchOffer = {
  providerId: 'groq',
  flavour: 'groq',
  discount: 0.5,
  completionWindow: '24h',
  limits: { maxLines: 50_000, maxBytes: 100 * MB, minLines: 1 },
  asOf: BATCH_OFFERS_AS_OF,
  source: 'https://console.groq.com/docs/batch',
};

/** Cerebras (private preview): 50,000 requests, 200 MB, at least 10 requests, 24 h only. */
const CEREBRAS_OFFER: BatchOffer = {
  providerId: 'cerebras',
  flavour: 'cerebras',
  discount: 0,
  completionWindow: '24h',
  limits: { maxLines: 50_000, maxBytes: 200 * MB, minLines: 10 },
  asOf: BATCH_OFFERS_AS_OF,
  source: 'https://inference-docs.cerebras.ai/capabilities/batch',
  preview: true,
};

/** OpenAI's own limits, the usual ones of servers that copy its Batch API. */
const OPENAI_LIMITS: BatchLimits = { maxLines: 50_000, maxBytes: 200 * MB, minLines: 1 };

export const batchProviderSettingsSchema = z.strictObject({
  /** Cerebras' preview is off until this is true; false turns any provider's batches off. */
  enabled: z.boolean().optional(),
  discount: z.number().min(0).max(1).optional(),
  completionWindow: z.string().regex(/^\d+[hd]$/, 'expected a window like 24h or 7d').optional(),
  maxLines: z.number().int().positive().optional(),
  maxBytes: z.number().int().positive().optional(),
});

export const batchSettingsSchema = z.strictObject({
  /** First wait between two polls of a batch; grows 1.5× per unchanged poll up to `maxPollIntervalMs`. */
  pollIntervalMs: z.number().int().positive().optional(),
  maxPollIntervalMs: z.number().int().positive().optional(),
  providers: z.record(z.string(), batchProviderSettingsSchema).optional(),
});

export type BatchSettings = z.infer<typeof batchSettingsSchema>;

function withSettings(offer: BatchOffer, settings: z.infer<typeof batchProviderSettingsSchema> | undefined): BatchOffer {
  if (!settings) return offer;
  return {
    ...offer,
    discount: settings.discount ?? offer.discount,
    completionWindow: settings.completionWindow ?? offer.completionWindow,
    limits: { ...offer.limits, maxLines: settings.maxLines ?? offer.limits.maxLines, maxBytes: settings.maxBytes ?? offer.limits.maxBytes },
  };
}

function unsupported(message: string, fix: string): UserError {
  return new UserError('batch.unsupported', message, {}, fix);
}

/** The batch offer of a provider, or a UserError saying why it has none and what to do. */
export function batchOfferFor(providerId: string, settings: BatchSettings | undefined, endpoints: readonly OpenAICompatibleEndpoint[]): BatchOffer {
  const own = settings?.providers?.[providerId];
  if (own?.enabled === false) throw unsupported(`batch runs on ${providerId} are turned off in the settings (batch.providers.${providerId}.enabled: false)`, 'run without --batch, or remove that setting');
  if (providerId === 'groq') return withSettings(GROQ_OFFER, own);
  if (providerId === 'cerebras') {
    if (own?.enabled !== true) {
      throw unsupported(
        'Cerebras\' Batch API is a private preview, off unless your account has it',
        'if it does, set "batch": {"providers": {"cerebras": {"enabled": true, "discount": 0.5}}} (the discount your account gets) in the settings or refinery.config.json; else run without --batch',
      );
    }
    return withSettings(CEREBRAS_OFFER, own);
  }
  if (providerId === 'sim') throw unsupported('sim/* models run offline and have no Batch API', 'run without --batch');
  const endpoint = endpoints.find((e) => e.id === providerId);
  if (endpoint?.batch === true) return withSettings({ providerId, flavour: 'openai', discount: 0, completionWindow: '24h', limits: OPENAI_LIMITS }, own);
  if (endpoint) {
    throw unsupported(
      `endpoint "${providerId}" (${endpoint.baseUrl}) declares no Batch API; local servers (Ollama, llama.cpp, LM Studio) have none`,
      `run without --batch, or add "batch": true to endpoint "${providerId}" if it serves OpenAI's /v1/files and /v1/batches`,
    );
  }
  throw unsupported(`unknown provider "${providerId}" for a batch run`, 'batch runs go to groq, cerebras (preview) or an endpoint that declares "batch": true');
}

/** Each model's discount, as a run stores it when submitted (`RunConfig.batchDiscounts`). */
export function batchDiscountsOf(offers: ReadonlyMap<string, BatchOffer>): Record<string, number> {
  return Object.fromEntries([...offers].map(([modelId, offer]) => [modelId, offer.discount]));
}
