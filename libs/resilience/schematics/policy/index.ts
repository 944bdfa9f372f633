import {
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  noop,
  url,
  type Rule,
} from '@angular-devkit/schematics';
import { posix } from 'node:path';
import { readCodeStyle } from '../utils/code-style.js';
import { formatFiles } from '../utils/format-files.js';
import { assertTypeScript, targetDirectory } from '../utils/generate-options.js';
import { parseName } from '../utils/names.js';
import { resolveSourceRoot } from '../utils/project.js';
import { registerPolicy } from '../utils/register-policy.js';
import { templateHelpers } from '../utils/template-helpers.js';
import type { PolicyOptions } from './schema.js';

/**
 * `nest g -c @carta/resilience policy <name>`: `<name>.policy.ts` with the documented defaults,
 * registered in `ResilienceModule.forRoot`'s policies.
 */
export function policy(options: PolicyOptions): Rule {
  return (tree) => {
    assertTypeScript(options.language);
    const { names, folder } = parseName(options.name);
    const sourceRoot = resolveSourceRoot(tree, options);
    const directory = targetDirectory({ ...options, sourceRoot, folder, fileName: names.fileName });
    return chain([
      mergeWith(
        apply(url('./files'), [
          applyTemplates({ ...names, ...templateHelpers(readCodeStyle(tree)) }),
          move(directory),
        ]),
      ),
      options.skipImport
        ? noop()
        : registerPolicy({
            sourceRoot,
            names,
            policyFile: posix.join(directory, `${names.fileName}.policy.ts`),
          }),
      options.format ? formatFiles() : noop(),
    ]);
  };
}
