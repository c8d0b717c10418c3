/**
 * Column types and the checks of the hot reads (see `rows.ts`): shared by the row mappers of
 * prompts, datasets and runs (`rows.ts`) and of cells (`cell-rows.ts`).
 */
import { z } from 'zod';
import type { JsonValue } from './types';

// ---------------------------------------------------------------------------------------------
// column types
// ---------------------------------------------------------------------------------------------

export const timestamp = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? new Date(value) : value))
  .refine((date) => !Number.isNaN(date.getTime()), 'not a timestamp')
  .transform((date) => date.toISOString());

/** `numeric` arrives as a string from Postgres drivers and as a number from PostgREST. */
export const numeric = z
  .union([z.number(), z.string().transform(Number)])
  .refine((value) => Number.isFinite(value), 'not a finite number');

export const jsonValue: z.ZodType<JsonValue> = z.json();
export const jsonObject = z.record(z.string(), jsonValue);

// ---------------------------------------------------------------------------------------------
// hot reads: rows that come by the thousand (dataset rows, cell metrics). A zod object parse
// costs about 5 µs a row in a fresh process (some 70 ms for a 15,000-cell run, paid by every
// CLI run) against under 1 µs for these checks, which test the same shape and throw the same
// way: naming the table, the column and the value.
// ---------------------------------------------------------------------------------------------

export function badColumn(table: string, column: string, value: unknown): never {
  throw new Error(`${table}.${column}: unexpected value ${JSON.stringify(value) ?? String(value)}`);
}

export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** A compact row: the values of `columns`, in that order (JSON arrays are half the size of objects). */
export function rowOfTuple(table: string, columns: readonly string[], tuple: unknown): Record<string, unknown> {
  if (!isList(tuple) || tuple.length !== columns.length) badColumn(table, '*', tuple);
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => (row[column] = tuple[i]));
  return row;
}

export function asRow(table: string, row: unknown): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) badColumn(table, '*', row);
  return row as Record<string, unknown>;
}

export function text(table: string, row: Record<string, unknown>, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : badColumn(table, column, value);
}

export function textOrNull(table: string, row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  return value === null || typeof value === 'string' ? value : badColumn(table, column, value);
}

export function integer(table: string, row: Record<string, unknown>, column: string): number {
  const value = row[column];
  return Number.isInteger(value) ? (value as number) : badColumn(table, column, value);
}

export function integerOrNull(table: string, row: Record<string, unknown>, column: string): number | null {
  return row[column] === null ? null : integer(table, row, column);
}

/** double precision, or numeric: a string from Postgres drivers, a number from PostgREST. */
export function numberOrNull(table: string, row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  if (value === null) return null;
  const number = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : badColumn(table, column, value);
}

export function boolean(table: string, row: Record<string, unknown>, column: string): boolean {
  const value = row[column];
  return typeof value === 'boolean' ? value : badColumn(table, column, value);
}

export function booleanOrNull(table: string, row: Record<string, unknown>, column: string): boolean | null {
  return row[column] === null ? null : boolean(table, row, column);
}

/**
 * A jsonb object column. Both drivers hand it over already parsed from JSON text, so every
 * value in it is JSON by construction; walking it again (`z.json()`) cost more than reading
 * the row. Check that it is an object.
 */
export function jsonObjectColumn(table: string, row: Record<string, unknown>, column: string): Record<string, JsonValue> {
  const value = row[column];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)
    : badColumn(table, column, value);
}
