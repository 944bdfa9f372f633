import {
  apply,
  applyTemplates,
  chain,
  filter,
  mergeWith,
  move,
  noop,
  schematic,
  SchematicsException,
  url,
  type Rule,
} from '@angular-devkit/schematics';
import { posix } from 'node:path';
import type { PolicyOptions } from '../policy/schema.js';
import { readCodeStyle } from '../utils/code-style.js';
import { formatFiles } from '../utils/format-files.js';
import { assertTypeScript, targetDirectory } from '../utils/generate-options.js';
import { addNamedImports, relativeImportPath } from '../utils/imports.js';
import { findNearestModule, findRootModule } from '../utils/module-finder.js';
import { addToModuleArray, isIdentifierNamed } from '../utils/module-metadata.js';
import { parseName, toKebabCase, type ElementNames } from '../utils/names.js';
import { relativeImportSuffix, resolveSourceRoot } from '../utils/project.js';
import { templateHelpers } from '../utils/template-helpers.js';
import type { ClientOptions } from './schema.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `nest g -c @carta/resilience client <name>`: `<name>.client.ts` (a `@Resilient` provider
 * calling the service through `deadlineFetch`), its policy, and a spec showing the breaker
 * open and the fallback answer; the provider goes into the nearest module, the policy into
 * `ResilienceModule.forRoot`.
 */
export function client(options: ClientOptions): Rule {
  return (tree) => {
    assertTypeScript(options.language);
    const { names, folder } = parseName(options.name);
    const sourceRoot = resolveSourceRoot(tree, options);
    const directory = targetDirectory({ ...options, sourceRoot, folder, fileName: names.fileName });
    const baseUrlEnv = options.baseUrlEnv ?? `${names.constantName}_URL`;
    if (!ENV_NAME.test(baseUrlEnv)) {
      throw new SchematicsException(`--base-url-env "${baseUrlEnv}" is not an environment variable name.`);
    }
    const specFileSuffix = toKebabCase(options.specFileSuffix ?? 'spec');
    const style = readCodeStyle(tree);
    const policyOptions: PolicyOptions = {
      name: names.fileName,
      sourceRoot,
      path: posix.relative(sourceRoot, directory),
      flat: true,
      skipImport: options.skipImport,
    };
    const templates = apply(url('./files'), [
      options.spec === false ? filter((path) => !path.endsWith('.__specFileSuffix__.ts.template')) : noop(),
      applyTemplates({
        ...names,
        baseUrlEnv,
        specFileSuffix,
        importSuffix: relativeImportSuffix(tree),
        ...templateHelpers(style),
      }),
      move(directory),
    ]);
    return chain([
      schematic('policy', policyOptions),
      mergeWith(templates),
      options.skipImport ? noop() : registerProvider({ sourceRoot, directory, names }),
      options.format ? formatFiles() : noop(),
    ]);
  };
}

/** Adds the client to `providers` of the module nearest to it, or of the root module. */
function registerProvider(target: { sourceRoot: string; directory: string; names: ElementNames }): Rule {
  return (tree) => {
    const { sourceRoot, directory, names } = target;
    const modulePath = findNearestModule(tree, directory, sourceRoot) ?? findRootModule(tree, sourceRoot);
    const className = `${names.className}Client`;
    const style = readCodeStyle(tree);
    const added = addToModuleArray(
      tree,
      modulePath,
      { key: 'providers', entry: className, isPresent: isIdentifierNamed(className) },
      style,
    );
    if (!added) return tree;
    const clientFile = posix.join(directory, `${names.fileName}.client.ts`);
    const specifier = relativeImportPath(modulePath, clientFile, relativeImportSuffix(tree));
    addNamedImports(tree, modulePath, { specifier, names: [className] }, style);
    return tree;
  };
}
