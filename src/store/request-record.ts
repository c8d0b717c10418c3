/**
 * How both stores keep `SentRequest`s compactly: each distinct message of a run is one
 * `run_message` row (its exact JSON text, named by the sha256 of that text), and a cell's
 * `request` column lists its messages by those names, with the request's other fields.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CellInput, JsonValue, SentRequest } from './types';
import { cellIdOf, type CellId } from '../core/model/cell-id';

export interface RequestColumn {
  messages: string[];
  params: Record<string, JsonValue>;
}

export interface MessageWriteRow {
  run_model_id: string;
  body: string;
  hash: string;
}

/** The name of a message: sha256 of its UTF-8 bytes, hex (the database checks the same). */
export function messageHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * The `request` column of each cell (in order; null when it sent nothing) and the messages to
 * record, one per (run model, message) in the batch: the database keeps one per run.
 */
export function requestRows(cells: readonly CellInput[]): { columns: Array<RequestColumn | null>; messages: MessageWriteRow[] } {
  const messages = new Map<string, MessageWriteRow>();
  const hashes = new Map<string, string>();
  const columns = cells.map((cell): RequestColumn | null => {
    const request = cell.request;
    if (!request) return null;
    return {
      messages: request.messages.map((body) => {
        let hash = hashes.get(body);
        if (hash === undefined) {
          hash = messageHash(body);
          hashes.set(body, hash);
        }
        const key = `${cell.runModelId}\u0000${hash}`;
        if (!messages.has(key)) messages.set(key, { run_model_id: cell.runModelId, body, hash });
        return hash;
      }),
      params: request.params,
    };
  });
  return { columns, messages: [...messages.values()] };
}

const requestColumn = z.object({ messages: z.array(z.string()), params: z.record(z.string(), z.json()) });
const messageRow = z.object({ hash: z.string(), body: z.string() });
/** Select exactly these for `cellRequestFromRow`. */
export const CELL_REQUEST_COLUMNS = 'run_model_id, dataset_row_id, request';
const cellRequestRow = z.object({ run_model_id: z.string(), dataset_row_id: z.string().nullable(), request: requestColumn.nullable() });

/** A cell's stored request, by its cell id (`cellIdOf`). */
export interface CellRequestRow {
  id: CellId;
  request: z.infer<typeof requestColumn> | null;
}

export function cellRequestFromRow(row: unknown): CellRequestRow {
  const r = cellRequestRow.parse(row);
  return { id: cellIdOf(r.run_model_id, r.dataset_row_id), request: r.request };
}

export function messageFromRow(row: unknown): { hash: string; body: string } {
  return messageRow.parse(row);
}

/** Cell id → what it sent, its messages' texts looked up by hash. A message not found is an error. */
export function sentRequests(cells: readonly CellRequestRow[], bodies: ReadonlyMap<string, string>): Map<string, SentRequest> {
  const requests = new Map<string, SentRequest>();
  for (const { id, request } of cells) {
    if (!request) continue;
    requests.set(id, {
      messages: request.messages.map((hash) => {
        const body = bodies.get(hash);
        if (body === undefined) throw new Error(`run_cell ${id}: its message ${hash} is not in run_message`);
        return body;
      }),
      params: request.params,
    });
  }
  return requests;
}
