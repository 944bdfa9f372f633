import { SchematicsException, type Tree } from '@angular-devkit/schematics';
import * as ts from 'typescript';

/** A replacement of `[start, end)` of a file's text by `text`; `start === end` inserts. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Parses a TypeScript file of the tree; fails naming the file when it is missing. */
export function readSourceFile(tree: Tree, path: string): ts.SourceFile {
  const raw = tree.read(path);
  if (!raw) throw new SchematicsException(`${path} does not exist.`);
  // The update recorder decodes without the BOM: drop it here too, so offsets agree.
  const text = raw.toString('utf-8').replace(/^\uFEFF/, '');
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Applies non-overlapping edits, each located in the file as it is before any of them. */
export function applyEdits(tree: Tree, path: string, edits: readonly TextEdit[]): void {
  if (edits.length === 0) return;
  const recorder = tree.beginUpdate(path);
  for (const edit of edits) {
    if (edit.end > edit.start) recorder.remove(edit.start, edit.end - edit.start);
    if (edit.text !== '') recorder.insertLeft(edit.start, edit.text);
  }
  tree.commitUpdate(recorder);
}

/** Every node of `root`'s subtree, depth first, that `match` accepts. */
export function findNodes<T extends ts.Node>(root: ts.Node, match: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (match(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** The property `name` of an object literal, when written as `name: value`. */
export function findProperty(
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) && propertyNameText(property.name) === name,
  );
}

/** The text of a property name (`payments`, `'order-store'`), or undefined if computed. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
