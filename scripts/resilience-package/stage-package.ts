// Lays out @carta/resilience as it is published: the library compiled by tsc (JavaScript and
// .d.ts, no specs), the CommonJS schematics, package.json, README and LICENSE.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSchematics } from './build-schematics.js';

const run = promisify(execFile);

/** The files of libs/resilience copied as they are. */
const COPIED = ['package.json', 'README.md', 'LICENSE'];

/** Where things are: the repository, and the directory to lay the package out in (emptied first). */
export interface StageOptions {
  root: string;
  stageDir: string;
}

/** Builds the package into `stageDir`, ready for `npm pack`. */
export async function stagePackage({ root, stageDir }: StageOptions): Promise<void> {
  const library = join(root, 'libs/resilience');
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  await run(
    join(root, 'node_modules/.bin/tsc'),
    ['-p', join(library, 'tsconfig.lib.json'), '--outDir', join(stageDir, 'dist')],
    { cwd: root },
  );
  await buildSchematics(join(stageDir, 'schematics'));
  for (const file of COPIED) await copyFile(join(library, file), join(stageDir, file));
}
