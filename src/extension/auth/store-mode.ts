import * as vscode from 'vscode';
import { z } from 'zod';

export type StoreMode = 'local' | 'supabase';

const Mode = z.enum(['local', 'supabase']).catch('local');

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
