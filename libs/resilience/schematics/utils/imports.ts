import type { Tree } from '@angular-devkit/schematics';
import * as ts from 'typescript';
import type { CodeStyle } from './code-style.js';
import { appendToList } from './list-edit.js';
import { applyEdits, readSourceFile, type TextEdit } from './source-file.js';

/**
 * Makes `names` importable in `path` from `specifier`: adds the missing ones to an existing
 * `import { ... } from '<specifier>'`, or a new import after the last one. Names already
 * imported from there are left alone, so running twice changes nothing.
 */
export function addNamedImports(
  tree: Tree,
  path: string,
  imported: { specifier: string; names: readonly string[] },
  style: CodeStyle,
): void {
  const source = readSourceFile(tree, path);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const fromSpecifier = imports.filter(
    (declaration) =>
      ts.isStringLiteral(declaration.moduleSpecifier) &&
      declaration.moduleSpecifier.text === imported.specifier,
  );
  const present = new Set(fromSpecifier.flatMap(importedNames));
  const missing = imported.names.filter((name) => !present.has(name));
  if (missing.length === 0) return;
  const target = fromSpecifier.find(
    (declaration) =>
      declaration.importClause !== undefined &&
      !declaration.importClause.isTypeOnly &&
      declaration.importClause.namedBindings !== undefined &&
      ts.isNamedImports(declaration.importClause.namedBindings),
  );
  const namedImports = target?.importClause?.namedBindings as ts.NamedImports | undefined;
  if (namedImports) {
    applyEdits(tree, path, appendToList(source, namedImports, missing, style));
    return;
  }
  const statement = importStatement(imported.specifier, missing, style);
  applyEdits(tree, path, [placeImport(source, imports, imported.specifier, statement)]);
}

/** The path of `to` as imported from the file `from`: `./payments/payments.client.js`. */
export function relativeImportPath(from: string, to: string, suffix: string): string {
  const fromParts = from.split('/').slice(0, -1).filter(Boolean);
  const toParts = to.replace(/\.ts$/, '').split('/').filter(Boolean);
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) {
    common++;
  }
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join('/');
  return `${up === 0 ? './' : '../'.repeat(up)}${rest}${suffix}`;
}

// A package import goes after the last package import, ahead of the relative ones, as the
// imports of a `nest new` file are ordered; a relative one goes last.
function placeImport(
  source: ts.SourceFile,
  imports: readonly ts.ImportDeclaration[],
  specifier: string,
  statement: string,
): TextEdit {
  const isRelative = (declaration: ts.ImportDeclaration) =>
    ts.isStringLiteral(declaration.moduleSpecifier) && declaration.moduleSpecifier.text.startsWith('.');
  const anchor = specifier.startsWith('.')
    ? imports[imports.length - 1]
    : [...imports].reverse().find((declaration) => !isRelative(declaration));
  if (anchor !== undefined) return { start: anchor.getEnd(), end: anchor.getEnd(), text: `\n${statement}` };
  const first = imports[0];
  const at = first !== undefined ? first.getStart(source) : 0;
  return { start: at, end: at, text: `${statement}\n` };
}

function importedNames(declaration: ts.ImportDeclaration): string[] {
  const bindings = declaration.importClause?.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return [];
  return bindings.elements.map((element) => element.name.text);
}

/** `import { a, b } from '<specifier>';`, broken one name a line when wider than the print width. */
export function importStatement(specifier: string, names: readonly string[], style: CodeStyle): string {
  const oneLine = `import { ${names.join(', ')} } from '${specifier}';`;
  // Prettier never breaks the braces of a single name.
  if (oneLine.length <= style.printWidth || names.length === 1) return oneLine;
  return `import {\n${names.map((name) => `${style.indent}${name},\n`).join('')}} from '${specifier}';`;
}
