import type { Rule } from '@angular-devkit/schematics';
import type * as Prettier from 'prettier';

/**
 * `--format`: runs the project's Prettier, with the project's config, over the TypeScript files
 * this run created or changed. Without Prettier installed it says so and leaves them as written
 * (already in the style of `nest new`'s .prettierrc).
 */
export function formatFiles(): Rule {
  return async (tree, context) => {
    let prettier: typeof Prettier;
    try {
      prettier = await import('prettier');
    } catch {
      context.logger.warn('--format: Prettier is not installed; files are left as generated.');
      return tree;
    }
    const paths = new Set(
      tree.actions
        .filter((action) => action.kind === 'c' || action.kind === 'o')
        .map((action) => action.path.replace(/^\//, ''))
        .filter((path) => path.endsWith('.ts') && tree.exists(path)),
    );
    for (const path of paths) {
      const source = tree.read(path)!.toString('utf-8');
      const config = (await prettier.resolveConfig(path)) ?? {};
      const formatted = await prettier.format(source, { ...config, filepath: path });
      if (formatted !== source) tree.overwrite(path, formatted);
    }
    return tree;
  };
}
