import { SchematicsException, type Tree } from '@angular-devkit/schematics';
import * as ts from 'typescript';
import type { CodeStyle } from './code-style.js';
import { appendToList } from './list-edit.js';
import { applyEdits, findNodes, findProperty, readSourceFile } from './source-file.js';

/** A list of `@Module({...})` metadata. */
export type ModuleMetadataKey = 'imports' | 'providers' | 'controllers' | 'exports';

/** The object literal of the file's `@Module({...})` decorator, if it has one. */
export function findModuleMetadata(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  const decorators = findNodes(source, ts.isDecorator);
  for (const decorator of decorators) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    if (call.expression.text !== 'Module') continue;
    const [metadata] = call.arguments;
    if (metadata && ts.isObjectLiteralExpression(metadata)) return metadata;
  }
  return undefined;
}

/**
 * Appends `entry` (source text) to `@Module({ [key]: [...] })` in `path`, creating the array
 * when the metadata has none, unless `isPresent` says an entry already stands for it.
 * @returns whether the file changed
 */
export function addToModuleArray(
  tree: Tree,
  path: string,
  change: { key: ModuleMetadataKey; entry: string; isPresent: (entry: ts.Expression) => boolean },
  style: CodeStyle,
): boolean {
  const source = readSourceFile(tree, path);
  const metadata = findModuleMetadata(source);
  if (!metadata) throw new SchematicsException(`${path} has no @Module({ ... }) decorator to register in.`);
  const property = findProperty(metadata, change.key);
  if (!property) {
    applyEdits(tree, path, appendToList(source, metadata, [`${change.key}: [${change.entry}]`], style));
    return true;
  }
  if (!ts.isArrayLiteralExpression(property.initializer)) {
    throw new SchematicsException(
      `${path}: @Module's ${change.key} is not an array literal; add ${change.entry} to it by hand.`,
    );
  }
  if (property.initializer.elements.some(change.isPresent)) return false;
  applyEdits(tree, path, appendToList(source, property.initializer, [change.entry], style));
  return true;
}

/** Whether an expression is the identifier `name` (`PaymentsClient` in `providers`). */
export function isIdentifierNamed(name: string): (entry: ts.Expression) => boolean {
  return (entry) => ts.isIdentifier(entry) && entry.text === name;
}
