import { SchematicsException, type Tree } from '@angular-devkit/schematics';

/** What a schematic needs to know to find an app's sources. */
export interface ProjectOptions {
  /** The source root the Nest CLI resolved (`--source-root`); wins over `project`. */
  sourceRoot?: string;
  /** A project of a monorepo's `nest-cli.json`, whose `sourceRoot` is used. */
  project?: string;
}

interface NestCliConfig {
  sourceRoot?: string;
  projects?: Record<string, { sourceRoot?: string } | undefined>;
}

const NEST_CLI_FILES = ['nest-cli.json', '.nest-cli.json', 'nest.json', '.nestcli.json'];

/**
 * The folder that holds the app's sources, without leading or trailing slash: `--source-root`
 * as the Nest CLI passes it, else the `--project`'s sourceRoot, else nest-cli.json's, else `src`.
 */
export function resolveSourceRoot(tree: Tree, options: ProjectOptions): string {
  if (options.sourceRoot) return trimSlashes(options.sourceRoot);
  const config = readNestCliConfig(tree);
  if (options.project) {
    const sourceRoot = config?.projects?.[options.project]?.sourceRoot;
    if (!sourceRoot) {
      const known = Object.keys(config?.projects ?? {});
      throw new SchematicsException(
        `Unknown project "${options.project}": nest-cli.json lists ${known.length > 0 ? known.join(', ') : 'no projects'}.`,
      );
    }
    return trimSlashes(sourceRoot);
  }
  return trimSlashes(config?.sourceRoot ?? 'src');
}

/** Whether the project is ES modules (`"type": "module"`), so relative imports need `.js`. */
export function isEsmProject(tree: Tree): boolean {
  const raw = tree.read('package.json');
  if (!raw) return false;
  try {
    return (JSON.parse(raw.toString('utf-8')) as { type?: string }).type === 'module';
  } catch {
    return false;
  }
}

/** The suffix of a relative import in this project: `.js` under ESM, none under CommonJS. */
export function relativeImportSuffix(tree: Tree): string {
  return isEsmProject(tree) ? '.js' : '';
}

function readNestCliConfig(tree: Tree): NestCliConfig | undefined {
  const file = NEST_CLI_FILES.find((name) => tree.exists(name));
  if (file === undefined) return undefined;
  try {
    return JSON.parse(tree.read(file)!.toString('utf-8')) as NestCliConfig;
  } catch (error) {
    throw new SchematicsException(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function trimSlashes(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '');
}
