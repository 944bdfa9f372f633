import { SchematicsException, type Rule, type Tree } from '@angular-devkit/schematics';
import type * as ts from 'typescript';
import { readCodeStyle } from './code-style.js';
import { addNamedImports, relativeImportPath } from './imports.js';
import { appendToList } from './list-edit.js';
import { findRootModule, listModules } from './module-finder.js';
import type { ElementNames } from './names.js';
import { relativeImportSuffix } from './project.js';
import { findResilienceRoot, hasPolicy, type ResilienceRoot } from './resilience-root.js';
import { applyEdits, readSourceFile } from './source-file.js';

/** A generated policy file and where its app lives. */
export interface PolicyRegistration {
  sourceRoot: string;
  names: ElementNames;
  /** The generated `<name>.policy.ts`, from the tree's root. */
  policyFile: string;
}

/**
 * Adds `<key>: <name>Policy` (and its import) to the `policies` of `ResilienceModule.forRoot`
 * in the root module or, failing that, the first module under the source root that calls it.
 * Fails when no module does: `nest add @carta/resilience` sets it up.
 */
export function registerPolicy(registration: PolicyRegistration): Rule {
  return (tree, context) => {
    const { names, sourceRoot } = registration;
    const found = findResilienceRootIn(tree, sourceRoot);
    if (found === undefined) {
      throw new SchematicsException(
        `No ResilienceModule.forRoot({ policies: { ... } }) in the modules of ${sourceRoot}: ` +
          'run `nest add @carta/resilience` first (with --project <name> in a monorepo).',
      );
    }
    const { modulePath, source, root } = found;
    const variable = `${names.propertyName}Policy`;
    const entry = `${names.policyKey}: ${variable}`;
    const specifier = relativeImportPath(modulePath, registration.policyFile, relativeImportSuffix(tree));
    if (root.kind === 'opaque') {
      context.logger.warn(
        `${modulePath}: ResilienceModule's policies are built in code this generator does not edit. ` +
          `Add \`${entry}\` to them, with import { ${variable} } from '${specifier}'.`,
      );
      return tree;
    }
    if (hasPolicy(root.policies, names.fileName)) {
      context.logger.warn(`${modulePath}: policies already has "${names.fileName}"; left as it is.`);
      return tree;
    }
    const style = readCodeStyle(tree);
    applyEdits(tree, modulePath, appendToList(source, root.policies, [entry], style));
    addNamedImports(tree, modulePath, { specifier, names: [variable] }, style);
    return tree;
  };
}

function findResilienceRootIn(
  tree: Tree,
  sourceRoot: string,
): { modulePath: string; source: ts.SourceFile; root: ResilienceRoot } | undefined {
  const modules = listModules(tree, sourceRoot);
  const rootModule = rootModuleIfAny(tree, sourceRoot);
  const ordered =
    rootModule === undefined ? modules : [rootModule, ...modules.filter((m) => m !== rootModule)];
  for (const modulePath of ordered) {
    const source = readSourceFile(tree, modulePath);
    const root = findResilienceRoot(source);
    if (root !== undefined) return { modulePath, source, root };
  }
  return undefined;
}

function rootModuleIfAny(tree: Tree, sourceRoot: string): string | undefined {
  try {
    return findRootModule(tree, sourceRoot);
  } catch {
    return undefined;
  }
}
