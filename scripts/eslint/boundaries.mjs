// @ts-check
/**
 * Which parts of the project may import which (see docs/architecture.md). A relative import is
 * resolved against the importing file, so `../ports/store` inside core is not mistaken for the
 * store; package imports (`zod`, `lit`…) are not this rule's business.
 */
import path from 'node:path';

/** @typedef {{ from: string, allow: string[] }} Zone */

/** @type {Zone[]} */
export const zones = [
  { from: 'src/core', allow: ['src/core', 'src/shared'] },
  { from: 'src/shared', allow: ['src/shared', 'src/core/model'] },
  { from: 'webview-ui/src', allow: ['webview-ui/src', 'src/shared'] },
];

/** @param {string} child @param {string} parent */
const isInside = (child, parent) => child === parent || child.startsWith(parent + '/');

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: { outside: "{{from}} may import only from {{allow}}; '{{spec}}' resolves to {{target}}." },
  },
  create(context) {
    const root = /** @type {{ root: string }} */ (context.options[0]).root;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const zone = zones.find((z) => isInside(file, z.from));
    if (!zone) return {};
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), spec)).split(path.sep).join('/');
      if (zone.allow.some((allowed) => isInside(target, allowed))) return;
      context.report({ node: source, messageId: 'outside', data: { from: zone.from, allow: zone.allow.join(', '), spec, target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { boundaries: rule } };
