import { promptFromRow, promptToRow } from '../rows';
import type { PromptRecord } from '../types';
import { isUuid, queryRows, type Queryable } from './db';

/**
 * Insert or update by path. An unchanged prompt is left alone, so its updated_at keeps
 * meaning "last changed".
 */
export async function upsertPrompt(
  db: Queryable,
  input: Pick<PromptRecord, 'name' | 'type' | 'body' | 'path' | 'contentHash'>,
): Promise<PromptRecord> {
  const row = promptToRow(input);
  const rows = await queryRows(
    db,
    `with written as (
       insert into public.prompt as p (name, type, body, path, content_hash)
       values ($1, $2, $3, $4, $5)
       on conflict (owner_id, path) do update
         set name = excluded.name, type = excluded.type, body = excluded.body, content_hash = excluded.content_hash
         where (p.name, p.type, p.body, p.content_hash)
           is distinct from (excluded.name, excluded.type, excluded.body, excluded.content_hash)
       returning p.*
     )
     select * from written
     union all
     select p.* from public.prompt p
     where p.owner_id = (select auth.uid()) and p.path = $4 and not exists (select 1 from written)`,
    [row.name, row.type, row.body, row.path, row.content_hash],
  );
  return promptFromRow(rows[0]);
}

export async function getPrompt(db: Queryable, id: string): Promise<PromptRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows(db, 'select * from public.prompt where id = $1', [id]);
  return rows.length > 0 ? promptFromRow(rows[0]) : null;
}

export async function listPrompts(db: Queryable): Promise<PromptRecord[]> {
  const rows = await queryRows(db, 'select * from public.prompt order by path');
  return rows.map(promptFromRow);
}

/** Runs of the prompt stay, with their own copy of the text (prompt_id becomes null). */
export async function deletePrompt(db: Queryable, id: string): Promise<void> {
  if (!isUuid(id)) return;
  await db.query('delete from public.prompt where id = $1', [id]);
}
