import { promptFromRow, promptToRow } from '../rows';
import { isUuid } from '../local/db';
import type { PromptRecord } from '../types';
import { readAllPages, type StoreContext } from './context';
import { unwrap, unwrapRows } from './errors';

type PromptInput = Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>;

function sameContent(record: PromptRecord, input: PromptInput): boolean {
  return record.name === input.name && record.type === input.type && record.body === input.body && record.contentHash === input.contentHash;
}

async function findByPath(ctx: StoreContext, path: string): Promise<PromptRecord | null> {
  const row = unwrap(
    'read a prompt',
    await ctx.client.from('prompt').select('*').eq('owner_id', ctx.ownerId).eq('path', path).maybeSingle(),
  );
  return row === null ? null : promptFromRow(row);
}

/**
 * Insert or update by (owner, path). An unchanged prompt is left alone, so its updated_at
 * keeps meaning "last changed".
 */
export async function upsertPrompt(ctx: StoreContext, input: PromptInput): Promise<PromptRecord> {
  const existing = await findByPath(ctx, input.path);
  if (existing && sameContent(existing, input)) return existing;
  const row = unwrap(
    'save a prompt',
    await ctx.client
      .from('prompt')
      .upsert({ owner_id: ctx.ownerId, ...promptToRow(input) }, { onConflict: 'owner_id,path' })
      .select('*')
      .single(),
  );
  return promptFromRow(row);
}

export async function getPrompt(ctx: StoreContext, id: string): Promise<PromptRecord | null> {
  if (!isUuid(id)) return null;
  const row = unwrap('read a prompt', await ctx.client.from('prompt').select('*').eq('owner_id', ctx.ownerId).eq('id', id).maybeSingle());
  return row === null ? null : promptFromRow(row);
}

export async function listPrompts(ctx: StoreContext): Promise<PromptRecord[]> {
  const rows = await readAllPages(async (from, to) =>
    unwrapRows(
      'list prompts',
      await ctx.client.from('prompt').select('*').eq('owner_id', ctx.ownerId).order('path').order('id').range(from, to),
    ),
  );
  return rows.map(promptFromRow);
}

/** Runs of the prompt stay, with their own copy of the text (prompt_id becomes null). */
export async function deletePrompt(ctx: StoreContext, id: string): Promise<void> {
  if (!isUuid(id)) return;
  unwrap('delete a prompt', await ctx.client.from('prompt').delete().eq('owner_id', ctx.ownerId).eq('id', id));
}
