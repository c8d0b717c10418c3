/**
 * Picoschema → JSON Schema, synchronously.
 *
 * dotprompt's `picoschema()` is async (it may call a schema resolver), which `parsePrompt` — a
 * synchronous function — cannot await. This follows dotprompt 1.1.2's `PicoschemaParser` rule for
 * rule (a test checks both give the same result) and adds where in the schema a mistake is.
 * Refinery has no registry of named schemas, so a type name that is not a JSON scalar is an error.
 */

export type JsonSchema = Record<string, unknown>;

export class PicoschemaError extends Error {
  constructor(
    /** Keys from the schema root to the offending entry. */
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

const SCALAR_TYPES = ['any', 'boolean', 'integer', 'null', 'number', 'string'];
const JSON_SCHEMA_TYPES = [...SCALAR_TYPES, 'object', 'array'];
const WILDCARD = '(*)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns null for an empty schema, like dotprompt. */
export function picoschemaToJsonSchema(schema: unknown): JsonSchema | null {
  if (!schema) return null;
  if (typeof schema === 'string') return scalar(schema, [], false);
  if (isRecord(schema)) {
    if (typeof schema.type === 'string' && JSON_SCHEMA_TYPES.includes(schema.type)) return schema;
    if (isRecord(schema.properties)) return { ...schema, type: 'object' };
  }
  return parsePico(schema, []);
}

function scalar(text: string, path: (string | number)[], anyAsEmpty: boolean): JsonSchema {
  const [type, description] = extractDescription(text);
  if (!SCALAR_TYPES.includes(type)) {
    throw new PicoschemaError(path, `unknown type '${type}'; Picoschema types are ${SCALAR_TYPES.join(', ')}, or name(object), name(array), name(enum)`);
  }
  if (anyAsEmpty && type === 'any') return description ? { description } : {};
  return description ? { type, description } : { type };
}

function parsePico(node: unknown, path: (string | number)[]): JsonSchema {
  if (typeof node === 'string') return scalar(node, path, true);
  if (!isRecord(node)) {
    throw new PicoschemaError(path, `a Picoschema entry must be a type name or a map of fields, got ${JSON.stringify(node)}`);
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  for (const [key, value] of Object.entries(node)) {
    const valuePath = [...path, key];
    if (key === WILDCARD) {
      schema.additionalProperties = parsePico(value, valuePath);
      continue;
    }
    const [name = '', typeInfo] = key.split('(');
    const isOptional = name.endsWith('?');
    const propertyName = isOptional ? name.slice(0, -1) : name;
    if (!isOptional) required.push(propertyName);
    if (!typeInfo) {
      const property = { ...parsePico(value, valuePath) };
      if (isOptional && typeof property.type === 'string') property.type = [property.type, 'null'];
      properties[propertyName] = property;
      continue;
    }
    const [type, description] = extractDescription(typeInfo.slice(0, -1));
    let property: JsonSchema;
    if (type === 'array') {
      property = { type: isOptional ? ['array', 'null'] : 'array', items: parsePico(value, valuePath) };
    } else if (type === 'object') {
      property = parsePico(value, valuePath);
      if (isOptional) property.type = [property.type, 'null'];
    } else if (type === 'enum') {
      if (!Array.isArray(value)) throw new PicoschemaError(valuePath, `${propertyName}(enum) needs a list of values, got ${JSON.stringify(value)}`);
      const values: unknown[] = value;
      property = { enum: isOptional && !values.includes(null) ? [...values, null] : [...values] };
    } else {
      throw new PicoschemaError(valuePath, `parenthetical types must be object, array or enum, got '${type}'`);
    }
    if (description) property.description = description;
    properties[propertyName] = property;
  }
  if (required.length) schema.required = required;
  return schema;
}

function extractDescription(input: string): [string, string | null] {
  if (!input.includes(',')) return [input, null];
  const match = /(.*?), *(.*)$/.exec(input);
  return match ? [match[1] ?? '', match[2] ?? ''] : [input, null];
}

/** Field names a JSON schema of an object does not require. */
export function optionalProperties(schema: JsonSchema | null): string[] {
  if (!schema || !isRecord(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.keys(schema.properties).filter((name) => !required.includes(name));
}
