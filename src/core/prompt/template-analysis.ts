import Handlebars from 'handlebars';
import type { ChatRole } from '../chat';
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

export interface TemplateAnalysis {
  /** Top-level variables (head segment of each path) and every place each is used. */
  variables: Map<string, SourceSpan[]>;
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
    return { variables: new Map(), problems: [syntaxProblem(e, body, firstLine)] };
  }
  const walker = new TemplateWalker(firstLine);
  walker.program(program, { contexts: ['root'], blockParams: [] });
  return { variables: walker.variables, problems: walker.problems };
}

class TemplateWalker {
  readonly variables = new Map<string, SourceSpan[]>();
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
      case 'PartialBlockStatement':
        return this.problem('error', 'prompt.template', node, 'partials ({{> name}}) are not supported by Refinery', 'paste the partial text into the prompt');
      case 'Decorator':
      case 'DecoratorBlock':
        return this.problem('error', 'prompt.template', node, 'decorators ({{* name}}) are not supported', 'remove the decorator');
      default:
        return;
    }
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
      this.problem('error', 'prompt.template', path, 'media parts ({{media}}) are not supported: Refinery sends text messages', 'remove the {{media}} tag');
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
      if (head === 'root' && second) this.addVariable(second, path);
      return;
    }
    if (head === undefined) return; // {{this}}, {{.}}
    const scoped = path.depth > 0 || /^(\.|this\b)/.test(path.original);
    if (!scoped && scope.blockParams.includes(head)) return;
    const context = scope.contexts[Math.max(0, scope.contexts.length - 1 - path.depth)];
    if (context === 'root') this.addVariable(head, path);
  }

  private addVariable(name: string, node: hbs.AST.Node): void {
    const spans = this.variables.get(name) ?? [];
    spans.push(this.span(node));
    this.variables.set(name, spans);
  }

  private span(node: hbs.AST.Node): SourceSpan {
    const { start, end } = node.loc;
    return { line: start.line + this.firstLine - 1, column: start.column + 1, endLine: end.line + this.firstLine - 1, endColumn: end.column + 1 };
  }

  private problem(severity: 'error' | 'warning', rule: PromptProblem['rule'], node: hbs.AST.Node, message: string, fix: string): void {
    this.problems.push({ severity, errorCode: 'prompt.template', rule, message, fix, span: this.span(node) });
  }
}

function isCall(node: { params: Expression[]; hash?: Hash }): boolean {
  return node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

