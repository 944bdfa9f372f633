import type { Tree } from '@angular-devkit/schematics';

/** The layout rules an edit of an existing file follows, so the result stays Prettier-clean. */
export interface CodeStyle {
  /** Prettier's `printWidth`. @default 80 */
  printWidth: number;
  /** One level of indentation. @default two spaces */
  indent: string;
}

const PRETTIER_JSON_FILES = ['.prettierrc', '.prettierrc.json'];

/**
 * The project's Prettier width and indentation, read from a JSON `.prettierrc` at its root;
 * Prettier's defaults (what `nest new` relies on) otherwise.
 */
export function readCodeStyle(tree: Tree): CodeStyle {
  const style: CodeStyle = { printWidth: 80, indent: '  ' };
  const file = PRETTIER_JSON_FILES.find((name) => tree.exists(name));
  if (file === undefined) return style;
  try {
    const config = JSON.parse(tree.read(file)!.toString('utf-8')) as Record<string, unknown>;
    if (typeof config['printWidth'] === 'number') style.printWidth = config['printWidth'];
    if (config['useTabs'] === true) style.indent = '\t';
    else if (typeof config['tabWidth'] === 'number') style.indent = ' '.repeat(config['tabWidth']);
  } catch {
    // A YAML .prettierrc: the defaults are the best guess.
  }
  return style;
}
