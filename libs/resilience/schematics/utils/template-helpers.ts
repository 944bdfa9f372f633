import type { CodeStyle } from './code-style.js';
import { importStatement } from './imports.js';

/** Functions the templates call for lines whose layout depends on the name's length. */
export interface TemplateHelpers {
  /** `import { a, b } from '<specifier>';`, as Prettier lays it out. */
  importStatement(names: string[], specifier: string): string;
  /** `export const NAME = 'value';`, broken after `=` as Prettier does when too wide. */
  exportedString(name: string, value: string): string;
}

/** The template helpers for a project's code style. */
export function templateHelpers(style: CodeStyle): TemplateHelpers {
  return {
    importStatement: (names, specifier) => importStatement(specifier, names, style),
    exportedString: (name, value) => {
      const oneLine = `export const ${name} = '${value}';`;
      return oneLine.length <= style.printWidth
        ? oneLine
        : `export const ${name} =\n${style.indent}'${value}';`;
    },
  };
}
