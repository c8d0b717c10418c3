import Handlebars from 'handlebars';
import type { ChatRole } from '../chat';
import { isReservedContextName } from './context-names';
import type { PromptProblem, SourceSpan } from './problems';
import { syntaxProblem } from './template-syntax-error';

type Program = hbs.AST.Program;
type Statement = hbs.AST.Statement;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Hash = hbs.AST.Hash;

/** Helpers Handlebars itself provides. */
export const HANDLEBARS_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
/** Helpers dotprompt 1.1.2 registers (its `helpers.ts`). */
export const DOTPROMPT_HELPERS = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'];
const KNOWN_HELPERS = new Set([...HANDLEBARS_HELPERS, ...DOTPROMPT_HELPERS]);
/** Block helpers that run their body with a new `this`; `if`, `unless`, `ifEquals`… keep it. */
const CONTEXT_CHANGING_HELPERS = new Set(['each', 'with']);

/** `{{role "…"}}` names Refinery can send; dotprompt's `model` is the assistant. */
export const ROLE_NAMES: Record<string, ChatRole> = { system: 'system', user: 'user', model: 'assistant', assistant: 'assistant' };



/** A `{{> name}}` in the template. */
export interface PartialCall {
  name: string;
  span: SourceSpan;
  /**
   * The partial reads the caller's top-level variables: it is called at the top level, without a
   * context argument. Its variables are then the prompt's, except the `key=value` it is given.
   */
  readsRoot: boolean;
  /** The names it is given as `key=value`. */
  hashKeys: string[];
}

export interface TemplateAnalysis {
  /** Top-level variables (head segment of each path) and every place each is used. */
  variables: Map<string, SourceSpan[]>;
  /** Top-level variables read through `@root.` (top-level wherever the template is used). */
  rootVariables: Map<string, SourceSpan[]>;
  /** Context names (`{{@state.count}}` → `state`) and every place each is used. */
  contextUses: Map<string, SourceSpan[]>;
  partials: PartialCall[];
  /** Where `{{history}}` is used. */
  historyUses: SourceSpan[];
  /** Where `{{media}}` is used. */
  mediaUses: SourceSpan[];
  problems: PromptProblem[];
}

/** `root`: the prompt's input object; `nested`: an item or object a block stepped into. */
type Context = 'root' | 'nested';

interface Scope {
  contexts: Context[];
  blockParams: string[];
}

export function analyzeTemplate(body: string, firstLine: number): TemplateAnalysis {
  let program: Program;
  try {
    program = Handlebars.parse(body);
  } catch (e) {
    return { ...emptyTemplateAnalysis(), problems: [syntaxProblem(e, body, firstLine)] };
  }
  const walker = new TemplateWalker(firstLine);
  walker.program(program, { contexts: ['root'], blockParams: [] });
  const { variables, rootVariables, contextUses, partials, historyUses, mediaUses, problems } = walker;
  return { variables, rootVariables, contextUses, partials, historyUses, mediaUses, problems };
}

export function emptyTemplateAnalysis(): TemplateAnalysis {
  return { variables: new Map(), rootVariables: new Map(), contextUses: new Map(), partials: [], historyUses: [], mediaUses: [], problems: [] };
}

class TemplateWalker {
  readonly variables = new Map<string, SourceSpan[]>();
  readonly rootVariables = new Map<string, SourceSpan[]>();
  readonly contextUses = new Map<string, SourceSpan[]>();
  readonly partials: PartialCall[] = [];
  readonly historyUses: SourceSpan[] = [];
  readonly mediaUses: SourceSpan[] = [];
  readonly problems: PromptProblem[] = [];

  constructor(private readonly firstLine: number) {}

  program(program: Program | undefined, scope: Scope): void {
    if (!program) return;
    const inner = { ...scope, blockParams: [...scope.blockParams, ...(program.blockParams ?? [])] };
    for (const statement of program.body) this.statement(statement, inner);
  }

  private statement(node: Statement, scope: Scope): void {
    switch (node.type) {
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        if (mustache.path.type !== 'PathExpression') return;
        const path = mustache.path as PathExpression;
        if (isCall(mustache) || KNOWN_HELPERS.has(path.original)) this.helperCall(path, mustache.params, mustache.hash, scope);
        else this.value(path, scope);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        let bodyScope = scope;
        if (isCall(block) || KNOWN_HELPERS.has(block.path.original)) {
          this.helperCall(block.path, block.params, block.hash, scope);
          if (CONTEXT_CHANGING_HELPERS.has(block.path.original)) bodyScope = { ...scope, contexts: [...scope.contexts, 'nested'] };
        } else {
          // `{{#items}}…{{/items}}`: a Mustache section. Read as `{{#with items}}` (also right for lists).
          this.value(block.path, scope);
          bodyScope = { ...scope, contexts: [...scope.contexts, 'nested'] };
          this.problem('warning', 'prompt.template', block.path, `{{#${block.path.original}}} is a section: its body reads fields of ${block.path.original}, not top-level variables`, `write {{#if ${block.path.original}}} or {{#each ${block.path.original}}} to say which you mean`);
        }
        this.program(block.program, bodyScope);
        this.program(block.inverse, scope);
        return;
      }
      case 'PartialStatement':
        return this.partial(node as hbs.AST.PartialStatement, scope);
      case 'PartialBlockStatement':
        return this.problem('error', 'prompt.template', node, 'partial blocks ({{#> name}}…{{/name}}) are not supported', 'write {{> name}} and keep the fallback text out of it');
      case 'Decorator':
      case 'DecoratorBlock':
        return this.problem('error', 'prompt.template', node, 'decorators ({{* name}}) are not supported', 'remove the decorator');
      default:
        return;
    }
  }

  private partial(node: hbs.AST.PartialStatement, scope: Scope): void {
    const name = partialName(node);
    if (name === undefined) {
      this.problem('error', 'prompt.template', node, 'dynamic partials ({{> (expression)}}) are not supported', 'name the partial: {{> header}} reads _header.prompt');
      return;
    }
    for (const param of node.params) this.expression(param, scope);
    const pairs = node.hash?.pairs ?? [];
    for (const pair of pairs) this.expression(pair.value, scope);
    const atRoot = scope.contexts[scope.contexts.length - 1] === 'root';
    this.partials.push({ name, span: this.span(node), readsRoot: atRoot && node.params.length === 0, hashKeys: pairs.map((pair) => pair.key) });
  }

  private helperCall(path: PathExpression, params: Expression[], hash: Hash | undefined, scope: Scope): void {
    const name = path.original;
    if (!KNOWN_HELPERS.has(name)) {
      this.problem(
        'error',
        'prompt.unknown-helper',
        path,
        `unknown helper '${path.original}'; available helpers: ${[...KNOWN_HELPERS].join(', ')}`,
        `use one of those helpers, or write {{${path.original}}} without arguments if it is a variable`,
      );
    } else if (name === 'role') {
      this.checkRole(path, params[0]);
    } else if (name === 'media') {
      this.mediaUses.push(this.span(path));
      if (!hash?.pairs.some((pair) => pair.key === 'url')) {
        this.problem('error', 'prompt.template', path, '{{media}} needs a url', 'write {{media url=image}}, where image is a column holding a file path, a data: URL or an https URL');
      }
    } else if (name === 'history') {
      this.historyUses.push(this.span(path));
    }
    for (const param of params) this.expression(param, scope);
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, scope);
  }

  private checkRole(path: PathExpression, param: Expression | undefined): void {
    if (param?.type !== 'StringLiteral') return; // a variable role is checked when rendering
    const role = (param as hbs.AST.StringLiteral).value;
    if (!Object.hasOwn(ROLE_NAMES, role)) {
      this.problem('error', 'prompt.template', param ?? path, `unknown role "${role}"; roles are ${Object.keys(ROLE_NAMES).join(', ')}`, 'write {{role "system"}}, {{role "user"}} or {{role "model"}}');
    }
  }

  private expression(node: Expression, scope: Scope): void {
    if (node.type === 'PathExpression') this.value(node as PathExpression, scope);
    else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperCall(sub.path, sub.params, sub.hash, scope);
    }
  }

  /** Records the top-level variable a path reads, if it reads one. */
  private value(path: PathExpression, scope: Scope): void {
    const [head, second] = path.parts;
    if (path.data) {
      if (head === 'root' && second) {
        this.addVariable(second, path);
        addUse(this.rootVariables, second, this.span(path));
      } else if (head !== undefined && !isReservedContextName(head)) {
        addUse(this.contextUses, head, this.span(path));
      }
      return;
    }
    if (head === undefined) return; // {{this}}, {{.}}
    const scoped = path.depth > 0 || /^(\.|this\b)/.test(path.original);
    if (!scoped && scope.blockParams.includes(head)) return;
    const context = scope.contexts[Math.max(0, scope.contexts.length - 1 - path.depth)];
    if (context === 'root') this.addVariable(head, path);
  }

  private addVariable(name: string, node: hbs.AST.Node): void {
    addUse(this.variables, name, this.span(node));
  }

  private span(node: hbs.AST.Node): SourceSpan {
    const { start, end } = node.loc;
    return { line: start.line + this.firstLine - 1, column: start.column + 1, endLine: end.line + this.firstLine - 1, endColumn: end.column + 1 };
  }

  private problem(severity: 'error' | 'warning', rule: PromptProblem['rule'], node: hbs.AST.Node, message: string, fix: string): void {
    this.problems.push({ severity, errorCode: 'prompt.template', rule, message, fix, span: this.span(node) });
  }
}

function addUse(uses: Map<string, SourceSpan[]>, name: string, span: SourceSpan): void {
  const spans = uses.get(name);
  if (spans) spans.push(span);
  else uses.set(name, [span]);
}

/** `{{> header}}`, `{{> common/header}}`, `{{> "header"}}`; undefined for `{{> (expression)}}`. */
export function partialName(node: hbs.AST.PartialStatement): string | undefined {
  const name: hbs.AST.Node = node.name;
  switch (name.type) {
    case 'PathExpression':
      return (name as PathExpression).original;
    case 'StringLiteral':
    case 'NumberLiteral':
      return String((name as hbs.AST.StringLiteral | hbs.AST.NumberLiteral).value);
    default:
      return undefined;
  }
}

function isCall(node: { params: Expression[]; hash?: Hash }): boolean {
  return node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

