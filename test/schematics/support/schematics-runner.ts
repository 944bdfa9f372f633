import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchematics } from '../../../scripts/resilience-package/build-schematics.js';

/** A project's files by path from its root, as a schematic reads and leaves them. */
export type Files = Record<string, string>;

/** The repository root, whose node_modules the built schematics and the generated code resolve from. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const WORKER = fileURLToPath(new URL('./schematics.worker.mjs', import.meta.url));

/** The options `nest g -c @carta/resilience <schematic> <name>` passes (generate.action.js). */
export function cliOptions(name: string, options: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    collection: '@carta/resilience',
    skipImport: false,
    language: 'ts',
    sourceRoot: 'src',
    spec: true,
    flat: false,
    specFileSuffix: 'spec',
    format: false,
    ...options,
  };
}

/** The collection built as it ships, run by SchematicTestRunner in a worker process. */
export interface BuiltCollection {
  /** What the last run logged at warn level or above, in order. */
  readonly warnings: readonly string[];
  /** Runs a schematic on `files` and returns the files it leaves; rejects with its error. */
  run(schematic: string, options: object, files: Files): Promise<Files>;
  dispose(): Promise<void>;
}

type Answer = { id: number; files?: Files; error?: string; warnings: string[] };

/**
 * Builds the schematics with `buildSchematics` into a directory under .tmp/ (inside the
 * repository, so the compiled factories resolve typescript and @angular-devkit from its
 * node_modules) and starts a worker whose SchematicTestRunner loads its collection.json.
 */
export async function buildCollection(): Promise<BuiltCollection> {
  await mkdir(join(REPO_ROOT, '.tmp'), { recursive: true });
  const outDir = await mkdtemp(join(REPO_ROOT, '.tmp', 'schematics-build-'));
  await buildSchematics(outDir);
  const worker: ChildProcess = fork(WORKER, [join(outDir, 'collection.json')], { cwd: REPO_ROOT });
  const pending = new Map<number, (answer: Answer) => void>();
  worker.on('message', (answer: Answer) => pending.get(answer.id)?.(answer));
  let exited: string | undefined;
  worker.on('exit', (code, signal) => {
    exited = `the schematics worker exited (${code ?? signal}); its stderr says why`;
    for (const [id, settle] of pending) settle({ id, error: exited, warnings: [] });
  });
  let nextId = 0;
  let warnings: string[] = [];
  return {
    get warnings() {
      return warnings;
    },
    run: (schematic, options, files) =>
      new Promise((resolve, reject) => {
        if (exited !== undefined) return reject(new Error(exited));
        const id = nextId++;
        pending.set(id, (answer) => {
          pending.delete(id);
          warnings = answer.warnings;
          if (answer.error !== undefined) reject(new Error(answer.error));
          else resolve(answer.files!);
        });
        worker.send({ id, schematic, options, files });
      }),
    dispose: async () => {
      worker.kill();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
