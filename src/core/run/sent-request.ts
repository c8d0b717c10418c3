import type { JsonValue } from '../model';

function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * A provider's `sentParams` as the store's JSON record. They are the fields of a JSON request
 * body, so JSON by construction; a value that is not (a bug) fails here, not in the database.
 * Checked by hand: this runs once per cell, and a zod walk of a response_format schema costs
 * some 25 µs.
 */
export function sentParamsRecord(params: Readonly<Record<string, unknown>>): Record<string, JsonValue> {
  const record: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue; // an absent field is not sent: JSON.stringify drops it
    if (!isJson(value)) throw new Error(`the request field ${key} is not JSON`);
    record[key] = value;
  }
  return record;
}
