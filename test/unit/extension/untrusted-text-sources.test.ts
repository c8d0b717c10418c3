/**
 * Review rule, enforced: in the files that talk to the workbench (they import `vscode`), text that
 * reaches a notification, a quick pick item, the status bar or a MarkdownString is a literal, or
 * comes out of the matching escaper of src/extension/untrusted-text.ts. A raw `${…}` in
 * `show*Message(\`…\`)`, a `label: name`, a `new MarkdownString(data)` fails here. A line that
 * needs none (e.g. a label that goes to the webview, which renders text) says why on the line
 * above: `// untrusted-text-ok: <reason>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Surface = 'message' | 'label' | 'prompt';

/** Which escapers make text safe for a surface (see the module's header for what each parses). */
const ESCAPERS: Record<Surface, readonly string[]> = {
  message: ['messageText'],
  label: ['labelText', 'promptText'],
  prompt: ['promptText'],
};

const SHOW_MESSAGE = /^show(Information|Warning|Error)Message$/;
const EXEMPT = /\/\/\s*untrusted-text-ok:\s*\S/;

interface Violation {
  file: string;
  line: number;
  what: string;
}

function importsVscode(file: ts.SourceFile): boolean {
  return file.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === 'vscode');
}

function nameOf(node: ts.PropertyName | ts.Expression): string | undefined {
  return ts.isIdentifier(node) || ts.isStringLiteral(node) ? node.text : undefined;
}

/** The expressions assigned to a local name anywhere in the file (declaration and `name = …`). */
function assignmentsOf(file: ts.SourceFile, name: string): ts.Expression[] | undefined {
  const found: ts.Expression[] = [];
  let declared = false;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      declared = true;
      if (node.initializer) found.push(node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name) {
      found.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return declared ? found : undefined;
}

/** Whether `expr` is a literal, escaped for `surface`, or built only from such parts. */
function isSafe(expr: ts.Expression, surface: Surface, file: ts.SourceFile, seen = new Set<string>()): boolean {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr)) return true;
  if (ts.isIdentifier(expr) && expr.text === 'undefined') return true;
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) return isSafe(expr.expression, surface, file, seen);
  if (ts.isTaggedTemplateExpression(expr)) return ts.isIdentifier(expr.tag) && ESCAPERS[surface].includes(expr.tag.text);
  if (ts.isCallExpression(expr)) return ts.isIdentifier(expr.expression) && ESCAPERS[surface].includes(expr.expression.text);
  if (ts.isConditionalExpression(expr)) return isSafe(expr.whenTrue, surface, file, seen) && isSafe(expr.whenFalse, surface, file, seen);
  if (ts.isBinaryExpression(expr) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(expr.operatorToken.kind)) {
    return isSafe(expr.left, surface, file, seen) && isSafe(expr.right, surface, file, seen);
  }
  if (ts.isTemplateExpression(expr)) return expr.templateSpans.every((span) => isSafe(span.expression, surface, file, seen));
  if (ts.isIdentifier(expr) && !seen.has(expr.text)) {
    const values = assignmentsOf(file, expr.text);
    seen.add(expr.text);
    return values !== undefined && values.length > 0 && values.every((value) => isSafe(value, surface, file, seen));
  }
  return false;
}

/** `vscode.workspace.isTrusted` (Workspace Trust), not a MarkdownString's `isTrusted`. */
function isWorkspaceTrust(node: ts.Identifier | ts.PrivateIdentifier): boolean {
  const access = node.parent;
  return ts.isPropertyAccessExpression(access) && access.name === node && /(^|\.)workspace$/.test(access.expression.getText());
}

function hasProperty(object: ts.ObjectLiteralExpression, name: string): boolean {
  return object.properties.some((p) => p.name !== undefined && nameOf(p.name) === name);
}

function isReportArgument(object: ts.ObjectLiteralExpression): boolean {
  const call = object.parent;
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'report';
}

/** The surface an object literal's property is shown on, if it is one this rule covers. */
function propertySurface(property: string, object: ts.ObjectLiteralExpression): Surface | undefined {
  switch (property) {
    case 'label':
    case 'description':
      return 'label';
    case 'detail':
      // a modal dialog's detail is plain text; a quick pick item's renders icons
      return hasProperty(object, 'modal') ? 'message' : 'label';
    case 'title':
      // a CodeLens / tree item command's title renders icons; a progress notification's parses
      // links; quick pick, input box and dialog titles are plain text
      if (hasProperty(object, 'command')) return 'label';
      return hasProperty(object, 'location') ? 'message' : undefined;
    case 'message':
      // an input box's validation message parses links and icons; a progress report's, links
      if (hasProperty(object, 'severity')) return 'prompt';
      return isReportArgument(object) ? 'message' : undefined;
    case 'prompt':
      return 'prompt';
    default:
      return undefined;
  }
}

const ASSIGNED_SURFACES: Record<string, Surface> = { text: 'label', prompt: 'prompt', validationMessage: 'prompt' };

export function untrustedTextViolations(fileName: string, source: string): Violation[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = source.split('\n');
  const violations: Violation[] = [];
  const report = (node: ts.Node, what: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
    if (EXEMPT.test(lines[line] ?? '') || EXEMPT.test(lines[line - 1] ?? '')) return;
    violations.push({ file: fileName, line: line + 1, what: `${what}: ${node.getText(file).slice(0, 100)}` });
  };
  const workbench = importsVscode(file);

  const visit = (node: ts.Node): void => {
    // MarkdownString: data only through appendText, never trusted, never HTML (every file)
    if (ts.isNewExpression(node) && /(^|\.)MarkdownString$/.test(node.expression.getText(file))) {
      for (const arg of node.arguments ?? []) if (!ts.isStringLiteral(arg) && !ts.isNoSubstitutionTemplateLiteral(arg)) report(arg, 'new MarkdownString(non-literal): use appendText for data');
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'appendMarkdown') {
      for (const arg of node.arguments) if (!ts.isStringLiteral(arg) && !ts.isNoSubstitutionTemplateLiteral(arg)) report(arg, 'appendMarkdown(non-literal): use appendText for data');
    }
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && (node.text === 'isTrusted' || node.text === 'supportHtml') && !isWorkspaceTrust(node)) {
      report(node, `${node.text}: markdown built from data is never trusted and never HTML`);
    }

    if (workbench) {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SHOW_MESSAGE.test(node.expression.name.text)) {
        const [message] = node.arguments;
        if (message && !isSafe(message, 'message', file)) report(message, `${node.expression.name.text} with unescaped data (messageText)`);
      }
      if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
        const property = nameOf(node.name);
        const surface = property === undefined ? undefined : propertySurface(property, node.parent);
        if (surface && !isSafe(node.initializer, surface, file)) report(node, `${property}: with unescaped data (${ESCAPERS[surface].join(' / ')})`);
      }
      if (ts.isShorthandPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
        const surface = propertySurface(node.name.text, node.parent);
        if (surface && !isSafe(node.name, surface, file)) report(node, `${node.name.text}: with unescaped data (${ESCAPERS[surface].join(' / ')})`);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
        const surface = ASSIGNED_SURFACES[node.left.name.text];
        if (surface && !isSafe(node.right, surface, file)) report(node, `.${node.left.name.text} = unescaped data (${ESCAPERS[surface].join(' / ')})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return violations;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('untrusted text in the workbench (src/extension)', () => {
  it('reaches messages, quick picks, the status bar and markdown only through an escaper', () => {
    const files = sourceFiles('src/extension').filter((file) => !file.endsWith(`${path.sep}untrusted-text.ts`));
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => untrustedTextViolations(file, readFileSync(file, 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line}: ${v.what}`)).toEqual([]);
  });

  it('finds each kind of raw interpolation (the rule can fail)', () => {
    const source = [
      "import * as vscode from 'vscode';",
      "import { labelText, messageText } from './untrusted-text';",
      'declare const name: string;',
      'vscode.window.showInformationMessage(`Refinery: ${name} finished`);',
      'vscode.window.showErrorMessage(error.message);',
      'let text = `x ${name}`;',
      'vscode.window.showWarningMessage(text);',
      'vscode.window.showQuickPick([{ label: name, description: `from ${name}`, detail: labelText(name) }]);',
      'vscode.window.showQuickPick([{ label: messageText(name) }]);',
      'item.text = `$(sync~spin) ${name}`;',
      'item.tooltip = new vscode.MarkdownString(`**${name}**`);',
      'tooltip.isTrusted = true;',
      'vscode.window.withProgress({ location: 15, title: `Refinery: ${name}` }, async () => undefined);',
      'vscode.window.showInputBox({ prompt: messageText`for ${name}` });',
      'progress.report({ message: `${name} rows` });',
      'vscode.window.showInputBox({ validateInput: () => ({ message: problem.message, severity: 3 }) });',
    ].join('\n');
    const found = untrustedTextViolations('sample.ts', source).map((v) => `${v.line}: ${v.what.split(':')[0] ?? ''}`);
    expect(found).toEqual([
      '4: showInformationMessage with unescaped data (messageText)',
      '5: showErrorMessage with unescaped data (messageText)',
      '7: showWarningMessage with unescaped data (messageText)',
      '8: label',
      '8: description',
      '9: label',
      '10: .text = unescaped data (labelText / promptText)',
      '11: new MarkdownString(non-literal)',
      '12: isTrusted',
      '13: title',
      '14: prompt',
      '15: message',
      '16: message',
    ]);
  });

  it('accepts literals, escaped data, and a line that says why it needs none', () => {
    const source = [
      "import * as vscode from 'vscode';",
      "import { labelText, messageText, promptText } from './untrusted-text';",
      "vscode.window.showInformationMessage('Refinery: no run is going on.');",
      'vscode.window.showInformationMessage(messageText`Refinery: ${name} finished`, "Open Results");',
      'let text: string;',
      'text = messageText`a ${name}`;',
      'text = ok ? messageText(name) : "b";',
      'vscode.window.showErrorMessage(text);',
      'vscode.window.showQuickPick([{ label: labelText(name), description: labelText`${n} cells`, detail: undefined }]);',
      'vscode.window.showWarningMessage(messageText(name), { modal: true, detail: messageText(detail) });',
      'new vscode.CodeLens(range, { title: labelText(summary), command: "x" });',
      'vscode.window.showInputBox({ prompt: promptText`for ${name}` });',
      'const tip = new vscode.MarkdownString().appendMarkdown("**").appendText(name);',
      '// untrusted-text-ok: the webview renders text',
      'post({ label: name });',
      "vscode.window.showQuickPick(items, { title: `Compare ${name}` });",
      "post({ type: 'showError', message: error.message });",
      'if (!vscode.workspace.isTrusted) return;',
    ].join('\n');
    expect(untrustedTextViolations('sample.ts', source)).toEqual([]);
  });
});
