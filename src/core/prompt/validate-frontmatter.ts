import { isCollection, isMap, isNode, isScalar, type Node, type YAMLMap } from 'yaml';
import type { FrontmatterYaml } from './frontmatter-yaml';
import {
  CONFIG_RULES,
  KNOWN_TOP_LEVEL_KEYS,
  MAP_RULE,
  MODEL_RULE,
  OUTPUT_FORMAT_RULE,
  REFINERY_KEYS,
  REFINERY_RULES,
  TEXT_RULE,
  isRefineryKey,
  type ValueRule,
} from './frontmatter-rules';
import { PicoschemaError, optionalProperties, picoschemaToJsonSchema, type JsonSchema } from './picoschema';
import { describeValue, type PromptProblem, type SourceSpan } from './problems';
import { isReservedContextName } from './context-names';
import type { GenerationConfig, RefinerySettings } from './types';

export interface Frontmatter {
  model?: string;
  config: GenerationConfig;
  inputDefaults: Record<string, unknown>;
  optionalInputs: string[];
  outputSchema?: JsonSchema;
  outputFormat?: string;
  refinery: RefinerySettings;
  /** Every model id the frontmatter names, with where, for the linter's provider check. */
  modelRefs: { id: string; span: SourceSpan }[];
}

export function emptyFrontmatter(): Frontmatter {
  return {
    config: {},
    inputDefaults: {},
    optionalInputs: [],
    refinery: { kind: 'prompt', models: [], graders: [], repeat: 1, partialFolders: [], context: {}, allowRemoteMedia: false },
    modelRefs: [],
  };
}

/** Validates every key of the frontmatter; keeps going after a problem so the linter can show them all. */
export function validateFrontmatter(yaml: FrontmatterYaml): { frontmatter: Frontmatter; problems: PromptProblem[] } {
  return new FrontmatterValidator(yaml).run();
}

interface Entry {
  key: string;
  keyNode: Node;
  valueNode: Node | undefined;
  value: unknown;
}

class FrontmatterValidator {
  private readonly problems: PromptProblem[] = [];
  private readonly frontmatter = emptyFrontmatter();

  constructor(private readonly yaml: FrontmatterYaml) {}

  run(): { frontmatter: Frontmatter; problems: PromptProblem[] } {
    const root = this.yaml.doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) return this.result();
    if (!isMap(root)) {
      this.error('prompt.frontmatter', root, 'the frontmatter must be a map of settings (key: value lines)', 'write one setting per line, e.g. "model: groq/openai/gpt-oss-20b"');
      return this.result();
    }
    for (const entry of this.entries(root, '')) this.topLevel(entry);
    this.crossChecks(root);
    return this.result();
  }

  private result(): { frontmatter: Frontmatter; problems: PromptProblem[] } {
    return { frontmatter: this.frontmatter, problems: this.problems };
  }

  private *entries(map: YAMLMap, prefix: string): Generator<Entry> {
    for (const pair of map.items) {
      const keyNode = isNode(pair.key) ? pair.key : undefined;
      if (!keyNode || !isScalar(keyNode) || typeof keyNode.value !== 'string') {
        if (keyNode) this.error('prompt.frontmatter', keyNode, `${prefix}keys must be plain names`, 'write keys as plain words, e.g. "model:"');
        continue;
      }
      const valueNode = isNode(pair.value) ? pair.value : undefined;
      yield { key: keyNode.value, keyNode, valueNode, value: valueNode?.toJS(this.yaml.doc) ?? null };
    }
  }

  private topLevel(entry: Entry): void {
    const { key } = entry;
    const f = this.frontmatter;
    if (isRefineryKey(key)) return this.refineryKey(entry);
    if (key.startsWith('refinery.')) {
      return this.error(
        'prompt.unknown-key',
        entry.keyNode,
        `unknown setting '${key}'; valid refinery settings: ${REFINERY_KEYS.join(', ')}`,
        `rename or remove '${key}'`,
      );
    }
    switch (key) {
      case 'model': {
        const model = this.check(MODEL_RULE, key, entry);
        if (model !== undefined) {
          f.model = model;
          this.modelRef(model, entry.valueNode);
        }
        return;
      }
      case 'config':
        return this.nested(entry, 'config: { temperature: 0.2, maxOutputTokens: 256 }', (sub) => this.configKey(sub));
      case 'input':
        return this.nested(entry, 'input: { schema: { ticket: string } }', (sub) => this.inputKey(sub));
      case 'output':
        return this.nested(entry, 'output: { format: json }', (sub) => this.outputKey(sub));
      case 'name':
      case 'description':
      case 'variant':
      case 'version':
        this.check(TEXT_RULE, key, entry);
        return;
      case 'tools':
      case 'toolDefs':
        return this.warning('prompt.unknown-key', entry.keyNode, `'${key}' is ignored: Refinery does not call tools`, `remove '${key}'`);
      case 'refinery':
        return this.error(
          'prompt.frontmatter',
          entry.keyNode,
          "refinery settings are written as dotted keys, not as a nested 'refinery:' map",
          'write each setting on its own line, e.g. "refinery.models: [groq/openai/gpt-oss-20b]"',
        );
      default:
        if (!key.includes('.')) {
          this.warning('prompt.unknown-key', entry.keyNode, `unknown key '${key}' is ignored; known keys: ${KNOWN_TOP_LEVEL_KEYS.join(', ')}, refinery.*`, `rename or remove '${key}'`);
        }
    }
  }

  private refineryKey(entry: Entry): void {
    const r = this.frontmatter.refinery;
    switch (entry.key) {
      case 'refinery.models': {
        const models = this.check(REFINERY_RULES['refinery.models'], entry.key, entry);
        if (!models) return;
        r.models = models;
        models.forEach((id, index) => this.modelRef(id, this.childNode(entry.valueNode, [index])));
        return;
      }
      case 'refinery.dataset':
        r.dataset = this.check(REFINERY_RULES['refinery.dataset'], entry.key, entry) ?? r.dataset;
        return;
      case 'refinery.graders':
        r.graders = this.check(REFINERY_RULES['refinery.graders'], entry.key, entry) ?? r.graders;
        return;
      case 'refinery.kind':
        r.kind = this.check(REFINERY_RULES['refinery.kind'], entry.key, entry) ?? r.kind;
        return;
      case 'refinery.concurrency':
        r.concurrency = this.check(REFINERY_RULES['refinery.concurrency'], entry.key, entry) ?? r.concurrency;
        return;
      case 'refinery.repeat':
        r.repeat = this.check(REFINERY_RULES['refinery.repeat'], entry.key, entry) ?? r.repeat;
        return;
      case 'refinery.timeout':
        r.timeoutMs = this.check(REFINERY_RULES['refinery.timeout'], entry.key, entry) ?? r.timeoutMs;
        return;
      case 'refinery.judge': {
        const judge = this.check(REFINERY_RULES['refinery.judge'], entry.key, entry);
        if (judge === undefined) return;
        r.judge = judge;
        this.modelRef(judge, entry.valueNode);
        return;
      }
      case 'refinery.passThreshold':
        r.passThreshold = this.check(REFINERY_RULES['refinery.passThreshold'], entry.key, entry) ?? r.passThreshold;
        return;
      case 'refinery.assert':
        r.assert = this.check(REFINERY_RULES['refinery.assert'], entry.key, entry) ?? r.assert;
        return;
      case 'refinery.partials':
        r.partialFolders = this.check(REFINERY_RULES['refinery.partials'], entry.key, entry) ?? r.partialFolders;
        return;
      case 'refinery.context': {
        const context = this.check(REFINERY_RULES['refinery.context'], entry.key, entry);
        if (context === undefined) return;
        const reserved = Object.keys(context).filter(isReservedContextName);
        if (reserved.length > 0) {
          this.error('prompt.frontmatter', entry.valueNode ?? entry.keyNode, `refinery.context cannot name ${reserved.map((n) => `@${n}`).join(', ')}: Handlebars and dotprompt set those themselves`, 'rename the context value');
          return;
        }
        r.context = context;
        return;
      }
      case 'refinery.allowRemoteMedia':
        r.allowRemoteMedia = this.check(REFINERY_RULES['refinery.allowRemoteMedia'], entry.key, entry) ?? r.allowRemoteMedia;
        return;
    }
  }

  private configKey(entry: Entry): void {
    const label = `config.${entry.key}`;
    const c = this.frontmatter.config;
    switch (entry.key) {
      case 'temperature':
        c.temperature = this.check(CONFIG_RULES.temperature, label, entry) ?? c.temperature;
        return;
      case 'maxOutputTokens':
        c.maxOutputTokens = this.check(CONFIG_RULES.maxOutputTokens, label, entry) ?? c.maxOutputTokens;
        return;
      case 'topP':
        c.topP = this.check(CONFIG_RULES.topP, label, entry) ?? c.topP;
        return;
      case 'stopSequences':
        c.stopSequences = this.check(CONFIG_RULES.stopSequences, label, entry) ?? c.stopSequences;
        return;
      default:
        this.warning('prompt.unknown-key', entry.keyNode, `${label} is ignored: Refinery sends ${Object.keys(CONFIG_RULES).join(', ')}`, `remove '${entry.key}'`);
    }
  }

  private inputKey(entry: Entry): void {
    switch (entry.key) {
      case 'default':
        this.frontmatter.inputDefaults = this.check(MAP_RULE, 'input.default', entry) ?? {};
        return;
      case 'schema':
        this.frontmatter.optionalInputs = optionalProperties(this.schema('input.schema', entry) ?? null);
        return;
      default:
        this.warning('prompt.unknown-key', entry.keyNode, `input.${entry.key} is ignored; input has schema and default`, `remove '${entry.key}'`);
    }
  }

  private outputKey(entry: Entry): void {
    switch (entry.key) {
      case 'format':
        this.frontmatter.outputFormat = this.check(OUTPUT_FORMAT_RULE, 'output.format', entry);
        return;
      case 'schema':
        this.frontmatter.outputSchema = this.schema('output.schema', entry);
        return;
      default:
        this.warning('prompt.unknown-key', entry.keyNode, `output.${entry.key} is ignored; output has format and schema`, `remove '${entry.key}'`);
    }
  }

  private schema(label: string, entry: Entry): JsonSchema | undefined {
    try {
      return picoschemaToJsonSchema(entry.value) ?? undefined;
    } catch (e) {
      if (!(e instanceof PicoschemaError)) throw e;
      const where = this.childNode(entry.valueNode, e.path) ?? entry.valueNode ?? entry.keyNode;
      this.error('prompt.frontmatter', where, `${label}: ${e.message}`, 'write fields as "name: type" (or "name?: type" when optional), e.g. "ticket: string"');
      return undefined;
    }
  }

  private nested(entry: Entry, example: string, visit: (sub: Entry) => void): void {
    if (entry.value === null) return;
    if (!isMap(entry.valueNode)) {
      this.check({ ...MAP_RULE, example }, entry.key, entry);
      return;
    }
    for (const sub of this.entries(entry.valueNode, `${entry.key}: `)) visit(sub);
  }

  /** Validates one value; reports each zod issue at the YAML node it concerns. */
  private check<T>(rule: ValueRule<T>, label: string, entry: Entry): T | undefined {
    const parsed = rule.schema.safeParse(entry.value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const node = this.childNode(entry.valueNode, path) ?? entry.valueNode ?? entry.keyNode;
      const actual = path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), entry.value);
      const where = label + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      this.error('prompt.frontmatter', node, `${where} ${issue.message}, got ${describeValue(actual)}`, `write it like "${rule.example}"`);
    }
    return undefined;
  }

  private crossChecks(root: YAMLMap): void {
    const r = this.frontmatter.refinery;
    const keyNode = (key: string): Node | undefined => {
      const pair = root.items.find((item) => isScalar(item.key) && item.key.value === key);
      return pair && isNode(pair.key) ? pair.key : undefined;
    };
    const judgeNode = keyNode('refinery.judge');
    if (judgeNode && r.kind === 'prompt') this.warning('prompt.unknown-key', judgeNode, 'refinery.judge only applies to graders (refinery.kind: grader or pairwise) and is ignored here', `remove 'refinery.judge' or add "refinery.kind: grader"`);
    const graderOnly = ['refinery.passThreshold'];
    for (const key of graderOnly) {
      const node = keyNode(key);
      if (node && r.kind !== 'grader') this.warning('prompt.unknown-key', node, `${key} only applies to graders (refinery.kind: grader) and is ignored here`, `remove '${key}' or add "refinery.kind: grader"`);
    }
    const asserts = keyNode('refinery.assert');
    if (asserts && !this.frontmatter.outputSchema && (r.assert ?? []).some((a) => 'json-schema' in a)) {
      this.error('prompt.frontmatter', asserts, 'refinery.assert uses json-schema but the prompt has no output.schema', 'add "output: { schema: { ... } }" or remove the json-schema assertion');
    }
    const graders = keyNode('refinery.graders');
    if (graders && r.kind !== 'prompt') this.warning('prompt.unknown-key', graders, 'a grader is not graded itself: refinery.graders is ignored here', "remove 'refinery.graders'");
  }

  private childNode(node: Node | undefined, path: (string | number)[]): Node | undefined {
    if (path.length === 0) return node;
    if (!isCollection(node)) return undefined;
    const child = node.getIn(path, true);
    return isNode(child) ? child : undefined;
  }

  private modelRef(id: string, node: Node | undefined): void {
    if (node) this.frontmatter.modelRefs.push({ id, span: this.yaml.spanOf(node) });
  }

  private error(rule: PromptProblem['rule'], node: Node, message: string, fix: string): void {
    this.problems.push({ severity: 'error', errorCode: 'prompt.frontmatter', rule, message, fix, span: this.yaml.spanOf(node) });
  }

  private warning(rule: PromptProblem['rule'], node: Node, message: string, fix: string): void {
    this.problems.push({ severity: 'warning', errorCode: 'prompt.frontmatter', rule, message, fix, span: this.yaml.spanOf(node) });
  }
}
