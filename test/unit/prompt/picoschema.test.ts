import { picoschema } from 'dotprompt';
import { describe, expect, it } from 'vitest';
import { PicoschemaError, optionalProperties, picoschemaToJsonSchema } from '../../../src/core/prompt/picoschema';

/** Schemas as they come out of YAML. */
const SCHEMAS: [string, unknown][] = [
  ['scalar string', 'string'],
  ['scalar with description', 'number, a score'],
  ['flat object', { ticket: 'string', locale: 'string' }],
  ['optional fields', { ticket: 'string', 'locale?': 'string', 'note?': 'any' }],
  ['descriptions', { 'score': 'number, from 0 to 1', pass: 'boolean, true when correct' }],
  ['nested object', { 'customer(object)': { name: 'string', 'tier?': 'string' } }],
  ['optional nested object with description', { 'customer?(object, who ordered)': { name: 'string' } }],
  ['array of scalars', { 'tags(array)': 'string' }],
  ['optional array of objects', { 'items?(array, the order lines)': { sku: 'string', qty: 'integer' } }],
  ['enum', { 'label(enum)': ['billing', 'bug', 'other'] }],
  ['optional enum', { 'label?(enum, the category)': ['billing', 'bug'] }],
  ['wildcard', { id: 'string', '(*)': 'number' }],
  ['any', { payload: 'any, whatever came in' }],
  ['JSON Schema passes through', { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }],
  ['properties without type', { properties: { a: { type: 'string' } } }],
  ['all optional (no required list)', { 'a?': 'string' }],
];

describe('picoschemaToJsonSchema agrees with dotprompt’s picoschema()', () => {
  it.each(SCHEMAS)('%s', async (_name, schema) => {
    // structuredClone: dotprompt mutates enum lists it makes optional.
    expect(picoschemaToJsonSchema(structuredClone(schema))).toEqual(await picoschema(structuredClone(schema)));
  });

  it('returns null for an empty schema, like dotprompt', async () => {
    expect(picoschemaToJsonSchema(null)).toBeNull();
    expect(await picoschema(null)).toBeNull();
  });
});

describe('picoschemaToJsonSchema errors carry the path', () => {
  it('unknown scalar type', () => {
    const error = (() => {
      try {
        picoschemaToJsonSchema({ 'customer(object)': { name: 'strng' } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PicoschemaError);
    expect((error as PicoschemaError).path).toEqual(['customer(object)', 'name']);
    expect((error as PicoschemaError).message).toMatch(/^unknown type 'strng'/);
  });

  it('bad parenthetical type and enum without a list', () => {
    expect(() => picoschemaToJsonSchema({ 'a(map)': { b: 'string' } })).toThrow(/parenthetical types must be object, array or enum, got 'map'/);
    expect(() => picoschemaToJsonSchema({ 'a(enum)': 'x' })).toThrow(/a\(enum\) needs a list of values/);
  });
});

describe('optionalProperties', () => {
  it('lists the fields a schema does not require', () => {
    expect(optionalProperties(picoschemaToJsonSchema({ ticket: 'string', 'locale?': 'string', 'tone?': 'string' }))).toEqual(['locale', 'tone']);
    expect(optionalProperties(picoschemaToJsonSchema({ type: 'object', properties: { a: {}, b: {} }, required: ['a'] }))).toEqual(['b']);
    expect(optionalProperties(picoschemaToJsonSchema('string'))).toEqual([]);
  });
});
