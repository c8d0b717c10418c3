import * as vscode from 'vscode';
import * as z from 'zod/mini';
// zod/mini: this module is evaluated at activation, and classic zod is most of a bundle (see esbuild.mjs).

export type StoreMode = 'local' | 'supabase';

const Mode = z.catch(z.enum(['local', 'supabase']), 'local');

/** `refinery.store`; anything else reads as `local`. */
export function readStoreMode(): StoreMode {
  return Mode.parse(vscode.workspace.getConfiguration('refinery').get('store'));
}

export async function writeStoreMode(mode: StoreMode): Promise<void> {
  await vscode.workspace.getConfiguration('refinery').update('store', mode, vscode.ConfigurationTarget.Global);
}

export function readSupabaseSettingsRaw(): { url: unknown; anonKey: unknown } {
  const config = vscode.workspace.getConfiguration('refinery.supabase');
  return { url: config.get('url'), anonKey: config.get('anonKey') };
}
