import type { Rule, Tree } from '@angular-devkit/schematics';
import { posix } from 'node:path';
import * as ts from 'typescript';
import { readCodeStyle } from '../utils/code-style.js';
import { addNamedImports } from '../utils/imports.js';
import { findRootModule, listModules } from '../utils/module-finder.js';
import { addToModuleArray } from '../utils/module-metadata.js';
import { resolveSourceRoot } from '../utils/project.js';
import { findResilienceRoot } from '../utils/resilience-root.js';
import { findNodes, readSourceFile } from '../utils/source-file.js';
import { RESILIENCE_ROOT_IMPORT } from './resilience-root-import.js';
import type { NestAddOptions } from './schema.js';

const DEADLINE_INTERCEPTOR_PROVIDER = '{ provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor }';

/**
 * `nest add @carta/resilience`: `ResilienceModule.forRoot` with a commented example policy,
 * and `DeadlineInterceptor` as a global interceptor, in the app's root module. Either is left
 * out when a module of the app already has it, so a second run changes nothing.
 */
export function nestAdd(options: NestAddOptions): Rule {
  return (tree, context) => {
    const sourceRoot = resolveSourceRoot(tree, options);
    const rootModule = findRootModule(tree, sourceRoot);
    const style = readCodeStyle(tree);
    const modules = listModules(tree, sourceRoot);
    const imported: string[] = [];
    const configured = modules.find((path) => findResilienceRoot(readSourceFile(tree, path)) !== undefined);
    if (configured === undefined) {
      const entry = { key: 'imports', entry: RESILIENCE_ROOT_IMPORT, isPresent: () => false } as const;
      addToModuleArray(tree, rootModule, entry, style);
      imported.push('ResilienceModule');
    } else {
      context.logger.info(`ResilienceModule.forRoot is already in ${configured}; left as it is.`);
    }
    const candidates = [...modules, posix.join(sourceRoot, 'main.ts')];
    const intercepted = candidates.find((path) => usesDeadlineInterceptor(tree, path));
    if (intercepted === undefined) {
      const entry = {
        key: 'providers',
        entry: DEADLINE_INTERCEPTOR_PROVIDER,
        isPresent: () => false,
      } as const;
      addToModuleArray(tree, rootModule, entry, style);
      addNamedImports(tree, rootModule, { specifier: '@nestjs/core', names: ['APP_INTERCEPTOR'] }, style);
      imported.unshift('DeadlineInterceptor');
    } else {
      context.logger.info(`DeadlineInterceptor is already used in ${intercepted}; left as it is.`);
    }
    if (imported.length > 0) {
      addNamedImports(tree, rootModule, { specifier: '@carta/resilience', names: imported }, style);
    }
    return tree;
  };
}

// Any use outside an import (a provider, useGlobalInterceptors in main.ts) means it is set up.
function usesDeadlineInterceptor(tree: Tree, path: string): boolean {
  if (!tree.exists(path)) return false;
  const source = readSourceFile(tree, path);
  return findNodes(source, ts.isIdentifier).some(
    (identifier) =>
      identifier.text === 'DeadlineInterceptor' &&
      ts.findAncestor(identifier, ts.isImportDeclaration) === undefined,
  );
}
