// `npm run pack:resilience`: builds @carta/resilience and writes carta-resilience-<version>.tgz.
//   --stage-dir DIR         where the package is laid out first (default dist/resilience-package)
//   --pack-destination DIR  where the tarball goes (default: the current directory)
//   --no-pack               lay the package out only
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { stagePackage } from './resilience-package/stage-package.js';

const run = promisify(execFile);

/** What `npm pack --json` says about one tarball. */
interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

// This file runs as dist/scripts/pack-resilience.js.
const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'stage-dir': { type: 'string', default: resolve(root, 'dist/resilience-package') },
      'pack-destination': { type: 'string', default: process.cwd() },
      'no-pack': { type: 'boolean', default: false },
    },
  });
  const stageDir = resolve(values['stage-dir']);
  await stagePackage({ root, stageDir });
  if (values['no-pack']) return void process.stdout.write(`staged @carta/resilience in ${stageDir}\n`);
  const destination = resolve(values['pack-destination']);
  await mkdir(destination, { recursive: true });
  const { stdout } = await run('npm', ['pack', stageDir, '--json', '--pack-destination', destination]);
  const [result] = JSON.parse(stdout) as PackResult[];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  process.stdout.write(
    `${resolve(destination, result.filename)}: ${result.files.length} files, ` +
      `${kb(result.size)} packed, ${kb(result.unpackedSize)} unpacked\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`pack:resilience: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
