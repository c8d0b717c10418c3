import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../../core/errors';
import { chunk, isUuid } from '../local/db';
import { runFromRow, runModelsToRows, runSummaryFromRow, runToRow } from '../rows';
import type { RunInput, RunRecord, RunStatus, RunSummaryRecord } from '../types';
import { IDS_PER_FILTER, readAllPages, type StoreContext } from './context';
import { unwrap, unwrapRows } from './errors';
import { deleteUnusedDataset } from './datasets';

const idRow = z.object({ id: z.string() });
const runRef = z.looseObject({ id: z.string() });
const modelRef = z.looseObject({ run_id: z.string() });
const promptName = z.object({ id: z.string(), name: z.string() });
const cellCount = z.object({ run_id: z.string(), cell_count: z.number().int(), failed_count: z.number().int() });

/** `select … where column in (ids)`, in chunks that keep each URL short. */
async function selectIn(
  ctx: StoreContext,
  action: string,
  table: string,
  columns: string,
  column: string,
  ids: readonly string[],
  orderBy = 'id',
): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (const part of chunk([...new Set(ids)], IDS_PER_FILTER)) {
    rows.push(
      ...(await readAllPages(async (from, to) =>
        unwrapRows(action, await ctx.client.from(table).select(columns).eq('owner_id', ctx.ownerId).in(column, part).order(orderBy).range(from, to)),
      )),
    );
  }
  return rows;
}

/** Run rows with their run_model rows under `models` (the shape `runFromRow` reads). */
async function withModels(ctx: StoreContext, runs: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
  const refs = runs.map((run) => runRef.parse(run));
  const models = await selectIn(ctx, 'read run models', 'run_model', '*', 'run_id', refs.map((r) => r.id));
  const byRun = new Map<string, unknown[]>();
  for (const model of models) {
    const runId = modelRef.parse(model).run_id;
    byRun.set(runId, [...(byRun.get(runId) ?? []), model]);
  }
  return refs.map((run) => ({ ...run, models: byRun.get(run.id) ?? [] }));
}

/**
 * The run, then its models: two requests (the Data API has no multi-table transaction). If
 * the models cannot be stored the run is deleted again, so a run never exists without them.
 */
export async function createRun(ctx: StoreContext, input: RunInput): Promise<RunRecord> {
  const runId = randomUUID();
  const run = unwrap(
    'create the run',
    await ctx.client.from('run').insert({ id: runId, owner_id: ctx.ownerId, ...runToRow(input) }).select('*').single(),
  );
  const models = await ctx.client
    .from('run_model')
    .insert(runModelsToRows(runId, input.models).map((row) => ({ owner_id: ctx.ownerId, ...row })))
    .select('*');
  if (models.error) {
    await ctx.client.from('run').delete().eq('owner_id', ctx.ownerId).eq('id', runId);
    unwrap('store the run models', models);
  }
  return runFromRow({ ...runRef.parse(run), models: models.data ?? [] });
}

export async function getRun(ctx: StoreContext, id: string): Promise<RunRecord | null> {
  if (!isUuid(id)) return null;
  const run = unwrap('read a run', await ctx.client.from('run').select('*').eq('owner_id', ctx.ownerId).eq('id', id).maybeSingle());
  if (run === null) return null;
  const [withModel] = await withModels(ctx, [run]);
  return runFromRow(withModel);
}

/** Newest first, with the prompt's name and the number of cells and failed cells. */
export async function listRuns(ctx: StoreContext, options: { promptId?: string; limit?: number } = {}): Promise<RunSummaryRecord[]> {
  if (options.promptId !== undefined && !isUuid(options.promptId)) return [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const runs = await readAllPages(async (from, to) => {
    if (from >= limit) return [];
    let query = ctx.client.from('run').select('*').eq('owner_id', ctx.ownerId);
    if (options.promptId !== undefined) query = query.eq('prompt_id', options.promptId);
    return unwrapRows(
      'list runs',
      await query.order('created_at', { ascending: false }).order('id').range(from, Math.min(to, limit - 1)),
    );
  });
  const withModel = await withModels(ctx, runs.slice(0, limit));
  const promptIds = withModel.map((r) => r.prompt_id).filter((id): id is string => typeof id === 'string');
  const names = new Map(
    (await selectIn(ctx, 'read prompt names', 'prompt', 'id, name', 'id', promptIds)).map((row) => {
      const p = promptName.parse(row);
      return [p.id, p.name] as const;
    }),
  );
  const counts = new Map(
    (
      await selectIn(ctx, 'count run cells', 'run_cell_count', 'run_id, cell_count, failed_count', 'run_id', withModel.map((r) => String(r.id)), 'run_id')
    ).map((row) => {
      const c = cellCount.parse(row);
      return [c.run_id, c] as const;
    }),
  );
  return withModel.map((run) => {
    const count = counts.get(String(run.id));
    return runSummaryFromRow({
      ...run,
      prompt_name: typeof run.prompt_id === 'string' ? (names.get(run.prompt_id) ?? null) : null,
      cell_count: count?.cell_count ?? 0,
      failed_count: count?.failed_count ?? 0,
    });
  });
}

export async function setRunStatus(ctx: StoreContext, id: string, status: RunStatus): Promise<void> {
  const rows = isUuid(id)
    ? unwrapRows('set the run status', await ctx.client.from('run').update({ status }).eq('owner_id', ctx.ownerId).eq('id', id).select('id'))
    : [];
  if (z.array(idRow).parse(rows).length === 0) {
    throw new UserError('store.not-found', `run ${id} is not in this Supabase project (or not yours)`, {}, 'refresh the list of runs; this one may have been deleted');
  }
}

/** The run (its models and cells cascade in the database), then its dataset copy if no other run reads it. */
export async function deleteRun(ctx: StoreContext, id: string): Promise<void> {
  const rows = isUuid(id)
    ? unwrapRows('delete a run', await ctx.client.from('run').delete().eq('owner_id', ctx.ownerId).eq('id', id).select('id, dataset_id'))
    : [];
  const deleted = z.array(z.object({ id: z.string(), dataset_id: z.string().nullable() })).parse(rows)[0];
  if (!deleted) {
    throw new UserError('store.not-found', `run ${id} is not in this Supabase project (or not yours)`, {}, 'refresh the list of runs; this one may have been deleted');
  }
  if (deleted.dataset_id !== null) await deleteUnusedDataset(ctx, deleted.dataset_id);
}
