import { SchematicsException, type Tree } from '@angular-devkit/schematics';
import { posix } from 'node:path';
import * as ts from 'typescript';
import { findNodes, readSourceFile } from './source-file.js';

const MODULE_FILE = /\.module\.ts$/;

/**
 * The app's root module: `<sourceRoot>/app.module.ts` as `nest new` lays it out, else the module
 * `<sourceRoot>/main.ts` passes to `NestFactory.create` (a monorepo app's `api.module.ts`).
 */
export function findRootModule(tree: Tree, sourceRoot: string): string {
  const appModule = posix.join(sourceRoot, 'app.module.ts');
  if (tree.exists(appModule)) return appModule;
  const fromMain = moduleBootstrappedBy(tree, posix.join(sourceRoot, 'main.ts'));
  if (fromMain !== undefined && tree.exists(fromMain)) return fromMain;
  throw new SchematicsException(
    `No root module in ${sourceRoot}: expected ${appModule}, or a ${sourceRoot}/main.ts that passes ` +
      'its module to NestFactory.create. Pass --project <name> (or --source-root) to pick the app.',
  );
}

/**
 * The `*.module.ts` nearest to `directory`, looking there and then in each parent folder up to
 * `sourceRoot` (as Nest's own generators do); undefined when there is none.
 */
export function findNearestModule(tree: Tree, directory: string, sourceRoot: string): string | undefined {
  let current = posix.normalize(directory);
  const root = posix.normalize(sourceRoot);
  for (;;) {
    const modules = tree
      .getDir(current)
      .subfiles.filter((file) => MODULE_FILE.test(file))
      .sort();
    // A folder holding several modules: prefer the one named after the folder.
    const own = modules.find((file) => file === `${posix.basename(current)}.module.ts`) ?? modules[0];
    if (own !== undefined) return posix.join(current, own);
    if (current === root || !current.startsWith(`${root}/`)) return undefined;
    current = posix.dirname(current);
  }
}

/** Every `*.module.ts` under `sourceRoot`, in path order. */
export function listModules(tree: Tree, sourceRoot: string): string[] {
  const modules: string[] = [];
  tree.getDir(sourceRoot).visit((path) => {
    if (MODULE_FILE.test(path) && !path.includes('/node_modules/')) modules.push(path.replace(/^\//, ''));
  });
  return modules.sort();
}

function moduleBootstrappedBy(tree: Tree, mainPath: string): string | undefined {
  if (!tree.exists(mainPath)) return undefined;
  const source = readSourceFile(tree, mainPath);
  const create = findNodes(source, ts.isCallExpression).find(
    (call) =>
      ts.isPropertyAccessExpression(call.expression) &&
      ts.isIdentifier(call.expression.expression) &&
      call.expression.expression.text === 'NestFactory' &&
      call.expression.name.text.startsWith('create'),
  );
  const moduleArgument = create?.arguments[0];
  if (!moduleArgument || !ts.isIdentifier(moduleArgument)) return undefined;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.some((element) => element.name.text === moduleArgument.text)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) return undefined;
    return posix.join(posix.dirname(mainPath), specifier.replace(/\.js$/, '')) + '.ts';
  }
  return undefined;
}
