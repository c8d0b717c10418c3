import { UserError } from '../../core/errors';
import { runFromRow, runModelInputsToRows, runSummaryFromRow, runToRow } from '../rows';
import type { RunInput, RunRecord, RunStatus, RunSummaryRecord } from '../types';
import { isUuid, queryRows, type Database, type Queryable } from './db';

/** A run row as jsonb with its run_model rows under `models` (the shape `runFromRow` reads). */
const RUN_WITH_MODELS = `to_jsonb(r) || jsonb_build_object('models', coalesce(
  (select jsonb_agg(to_jsonb(m)) from public.run_model m where m.run_id = r.id), '[]'::jsonb))`;

/** The run and its models in one statement, so a run never exists without them. */
export async function createRun(db: Queryable, input: RunInput): Promise<RunRecord> {
  const run = runToRow(input);
  const models = runModelInputsToRows(input.models);
  const rows = await queryRows(
    db,
    `with r as (
       insert into public.run (prompt_id, dataset_id, prompt_text, grader_texts, config, partial_texts)
       values ($1, $2, $3, $4::jsonb, $5::jsonb, $7::jsonb)
       returning *
     ), m as (
       insert into public.run_model (run_id, position, provider, model, display_label, params)
       select r.id, x.position, x.provider, x.model, x.display_label, x.params
       from r, jsonb_to_recordset($6::jsonb)
         as x (position int, provider text, model text, display_label text, params jsonb)
       returning *
     )
     select to_jsonb(r) || jsonb_build_object('models', coalesce((select jsonb_agg(to_jsonb(m)) from m), '[]'::jsonb)) as run
     from r`,
    [
      run.prompt_id,
      run.dataset_id,
      run.prompt_text,
      JSON.stringify(run.grader_texts),
      JSON.stringify(run.config),
      JSON.stringify(models),
      JSON.stringify(run.partial_texts),
    ],
  );
  return runFromRow(field(rows[0], 'run'));
}

export async function getRun(db: Queryable, id: string): Promise<RunRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows(db, `select ${RUN_WITH_MODELS} as run from public.run r where r.id = $1`, [id]);
  return rows.length > 0 ? runFromRow(field(rows[0], 'run')) : null;
}

/** Newest first, with the prompt's name and the number of cells and failed cells. */
export async function listRuns(
  db: Queryable,
  options: { promptId?: string; limit?: number } = {},
): Promise<RunSummaryRecord[]> {
  if (options.promptId !== undefined && !isUuid(options.promptId)) return [];
  const rows = await queryRows(
    db,
    `select ${RUN_WITH_MODELS} || jsonb_build_object(
              'prompt_name', p.name,
              'cell_count', coalesce(counts.cell_count, 0),
              'failed_count', coalesce(counts.failed_count, 0)) as run
     from public.run r
     left join public.prompt p on p.id = r.prompt_id
     left join lateral (
       select count(*)::int as cell_count, (count(*) filter (where c.status = 'failed'))::int as failed_count
       from public.run_model m join public.run_cell c on c.run_model_id = m.id
       where m.run_id = r.id
     ) counts on true
     where $1::uuid is null or r.prompt_id = $1::uuid
     order by r.created_at desc, r.id
     limit $2`,
    [options.promptId ?? null, options.limit ?? null],
  );
  return rows.map((row) => runSummaryFromRow(field(row, 'run')));
}

export async function setRunStatus(db: Queryable, id: string, status: RunStatus): Promise<void> {
  const rows = isUuid(id) ? await queryRows(db, 'update public.run set status = $2 where id = $1 returning id', [id, status]) : [];
  if (rows.length === 0) throw runNotFound(id);
}

/** The run (its models and cells cascade), then its dataset copy if no other run reads it: all or nothing. */
export async function deleteRun(db: Database, id: string): Promise<void> {
  if (!isUuid(id)) throw runNotFound(id);
  await db.transaction(async (tx) => {
    const deleted = await queryRows(tx, 'delete from public.run where id = $1 returning dataset_id', [id]);
    if (deleted.length === 0) throw runNotFound(id);
    const datasetId = field(deleted[0], 'dataset_id');
    if (typeof datasetId === 'string') {
      await tx.query('delete from public.dataset d where d.id = $1 and not exists (select 1 from public.run r where r.dataset_id = d.id)', [datasetId]);
    }
  });
}

function runNotFound(id: string): UserError {
  return new UserError(
    'store.not-found',
    `run ${id} is not in the local store`,
    {},
    'refresh the list of runs; this one may have been deleted',
  );
}

function field(row: unknown, name: string): unknown {
  return typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[name] : undefined;
}
