// @ts-check
// Runs the built @carta/resilience schematics for the specs in test/schematics/, in a plain Node
// process: @angular-devkit/schematics require()s the ESM-only magic-string, which Node 20 can
// load but Jest's module loader cannot. Jobs arrive over IPC as { id, schematic, options, files }
// and are answered, one at a time, as { id, files, warnings } or { id, error, warnings }.
import { HostTree } from '@angular-devkit/schematics';
// The package has no exports map, so Node's ESM resolver needs the file itself.
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing/index.js';

const [collectionPath] = process.argv.slice(2);
const runner = new SchematicTestRunner('@carta/resilience', collectionPath);
/** @type {string[]} */
let warnings = [];
runner.logger.subscribe((entry) => {
  if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal')
    warnings.push(entry.message);
});

/**
 * @param {{ id: number, schematic: string, options: object, files: Record<string, string> }} job
 */
async function run(job) {
  warnings = [];
  try {
    const input = new UnitTestTree(new HostTree());
    for (const [path, content] of Object.entries(job.files)) input.create(path, content);
    const output = await runner.runSchematic(job.schematic, job.options, input);
    const files = Object.fromEntries(
      output.files.map((path) => [path.replace(/^\//, ''), output.readContent(path)]),
    );
    return { id: job.id, files, warnings };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? error.message : String(error), warnings };
  }
}

/** @type {Promise<unknown>} */
let queue = Promise.resolve();
process.on('message', (job) => {
  queue = queue.then(async () => process.send?.(await run(/** @type {any} */ (job))));
});
