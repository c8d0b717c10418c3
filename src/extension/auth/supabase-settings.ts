import * as z from 'zod/mini';
// zod/mini: this module is evaluated at activation, and classic zod is most of a bundle (see esbuild.mjs).
import { UserError } from '../../core/errors';

export interface SupabaseSettings {
  url: string;
  anonKey: string;
}

const Settings = z.object({
  url: z.url({ protocol: /^https?$/, error: 'expected the http(s) URL of the Supabase project' }),
  anonKey: z.string().check(z.trim(), z.minLength(1, 'the anon key is empty')),
});

/**
 * `refinery.supabase.url` / `refinery.supabase.anonKey`, validated (pure: the caller reads the
 * raw values). The anon key is public by design (RLS guards the data), so it lives in settings.
 */
export function parseSupabaseSettings(raw: { url: unknown; anonKey: unknown }): SupabaseSettings {
  const result = Settings.safeParse({ url: raw.url ?? '', anonKey: raw.anonKey ?? '' });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0] === 'anonKey' ? 'refinery.supabase.anonKey' : 'refinery.supabase.url';
    throw new UserError(
      'supabase.settings',
      `${field}: ${issue?.message ?? 'invalid value'}`,
      {},
      'set refinery.supabase.url and refinery.supabase.anonKey to your project\'s values (Supabase dashboard → Project Settings → API)',
    );
  }
  return { url: result.data.url.replace(/\/+$/, ''), anonKey: result.data.anonKey };
}
