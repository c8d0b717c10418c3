/** JSON as stored in jsonb columns and carried in run configs. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
