// Builds @carta/resilience's Nest CLI schematics as they ship: CommonJS compiled by tsc (the
// Nest CLI's @angular-devkit/schematics loads factories with require()), with the collection,
// the schemas and the templates beside it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SCHEMATICS_SOURCE = 'libs/resilience/schematics';

/**
 * Compiles libs/resilience/schematics into `outDir` and copies there `collection.json`, every
 * `schema.json`, every `files/**` template and a `package.json` marking the folder CommonJS.
 * @example
 * await buildSchematics('/tmp/stage/schematics'); // then "schematics": "./schematics/collection.json"
 */
export async function buildSchematics(outDir: string): Promise<void> {
  const root = repositoryRoot();
  const source = join(root, SCHEMATICS_SOURCE);
  await mkdir(outDir, { recursive: true });
  await run(join(root, 'node_modules/.bin/tsc'), ['-p', join(source, 'tsconfig.json'), '--outDir', outDir], {
    cwd: root,
  });
  for (const file of await assetsOf(source)) {
    await cp(join(source, file), join(outDir, file), { recursive: true });
  }
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

// Run from scripts/ by Jest or from dist/scripts/ once built: look up for the sources.
function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, SCHEMATICS_SOURCE, 'collection.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`${SCHEMATICS_SOURCE} not found above ${import.meta.url}`);
    directory = parent;
  }
  return directory;
}

// collection.json, each schema.json and each files/ folder, as paths relative to `source`.
async function assetsOf(source: string): Promise<string[]> {
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  return entries
    .map((entry) => ({ entry, path: relative(source, join(entry.parentPath, entry.name)) }))
    .filter(({ entry, path }) =>
      entry.isDirectory()
        ? entry.name === 'files'
        : path === 'collection.json' || (entry.name === 'schema.json' && !path.includes('files/')),
    )
    .map(({ path }) => path);
}
