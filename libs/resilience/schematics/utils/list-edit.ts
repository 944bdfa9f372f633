import * as ts from 'typescript';
import type { CodeStyle } from './code-style.js';
import type { TextEdit } from './source-file.js';

/** A bracketed, comma-separated list of a file: an array or object literal, or an import's braces. */
export type ListNode = ts.ArrayLiteralExpression | ts.ObjectLiteralExpression | ts.NamedImports;

/**
 * The edits that append `items` (source text, possibly multi-line, indented from column 0) to
 * `list`, laid out as Prettier lays the result out: a multi-line list gets one line per new
 * item; a one-line list stays on one line while it fits the print width, else breaks into one
 * item per line, with trailing commas.
 */
export function appendToList(
  source: ts.SourceFile,
  list: ListNode,
  items: readonly string[],
  style: CodeStyle,
): TextEdit[] {
  const text = source.text;
  const elements = elementsOf(list);
  const start = list.getStart(source);
  const end = list.getEnd();
  const inner = text.slice(start + 1, end - 1);
  const lineIndent = indentationAt(text, start);
  if (inner.includes('\n')) return appendToMultiLine(source, list, items, lineIndent + style.indent);
  if (/\/[/*]/.test(inner.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, ''))) {
    // A comment inside a one-line list: append without relaying it out, to keep the comment.
    const at = elements.length > 0 ? elements[elements.length - 1].getEnd() : start + 1;
    return [{ start: at, end: at, text: (elements.length > 0 ? ', ' : '') + items.join(', ') }];
  }
  const all = [...elements.map((element) => element.getText(source)), ...items];
  const isArray = ts.isArrayLiteralExpression(list);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const oneLine = isArray ? `[${all.join(', ')}]` : `{ ${all.join(', ')} }`;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  const width = start - lineStart + oneLine.length + (lineEnd - end);
  const fits = width <= style.printWidth && all.every((item) => !item.includes('\n'));
  if (fits && !(isArray && breaksAsObjectArray(all))) {
    return [{ start, end, text: oneLine }];
  }
  const itemIndent = lineIndent + style.indent;
  const lines = all.map((item) => `${indentBlock(item, itemIndent)},\n`).join('');
  return [{ start, end, text: `${open}\n${lines}${lineIndent}${close}` }];
}

// Indents every non-empty line of `block` by `indent`.
function indentBlock(block: string, indent: string): string {
  return block
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

function appendToMultiLine(
  source: ts.SourceFile,
  list: ListNode,
  items: readonly string[],
  defaultIndent: string,
): TextEdit[] {
  const text = source.text;
  const elements = elementsOf(list);
  const last = elements.length > 0 ? elements[elements.length - 1] : undefined;
  const closeAt = list.getEnd() - 1;
  const closeLineStart = text.lastIndexOf('\n', closeAt - 1) + 1;
  const itemIndent = last ? indentationAt(text, elements[0].getStart(source)) : defaultIndent;
  const edits: TextEdit[] = [];
  if (last && !elements.hasTrailingComma) edits.push({ start: last.getEnd(), end: last.getEnd(), text: ',' });
  const block = items.map((item) => `${indentBlock(item, itemIndent)},\n`).join('');
  if (/^[ \t]*$/.test(text.slice(closeLineStart, closeAt))) {
    edits.push({ start: closeLineStart, end: closeLineStart, text: block });
  } else {
    // The closing bracket shares a line with the last item (not Prettier's layout).
    edits.push({ start: closeAt, end: closeAt, text: `\n${block}` });
  }
  return edits;
}

function elementsOf(list: ListNode): ts.NodeArray<ts.Node> {
  return ts.isObjectLiteralExpression(list) ? list.properties : list.elements;
}

function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

// Prettier breaks an array of two or more objects (or arrays) that each hold more than one entry.
function breaksAsObjectArray(items: readonly string[]): boolean {
  if (items.length < 2) return false;
  return items.every((item) => {
    const expression = parseExpression(item);
    if (expression === undefined) return false;
    if (ts.isObjectLiteralExpression(expression)) return expression.properties.length > 1;
    if (ts.isArrayLiteralExpression(expression)) return expression.elements.length > 1;
    return false;
  });
}

function parseExpression(code: string): ts.Expression | undefined {
  const file = ts.createSourceFile('item.ts', `(${code});`, ts.ScriptTarget.Latest, true);
  const statement = file.statements[0];
  if (
    statement &&
    ts.isExpressionStatement(statement) &&
    ts.isParenthesizedExpression(statement.expression)
  ) {
    return statement.expression.expression;
  }
  return undefined;
}
