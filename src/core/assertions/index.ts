export {
  ASSERTION_KINDS,
  ASSERTION_PREFIX,
  assertionKind,
  assertionListSchema,
  assertionNames,
  assertionSchema,
  isAssertionName,
  type Assertion,
  type AssertionKind,
  type AssertionTarget,
} from './schema';
export { checkAssertions, type AssertionContext } from './check';
export { jsonSchemaProblems } from './json-schema';
