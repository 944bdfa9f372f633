import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CpuProfile } from './cpu-profile.summary.js';

/** `node --cpu-prof` wrote no profile where it was told to: the process died before exiting (SIGKILL). */
export class CpuProfileMissingError extends Error {
  override readonly name = 'CpuProfileMissingError';

  constructor(readonly dir: string) {
    super(`no .cpuprofile in ${dir}: the api did not exit on its own (node writes the profile at exit)`);
  }
}

/** The newest `.cpuprofile` in `dir`, its path and its content. */
export async function readNewestCpuProfile(dir: string): Promise<{ path: string; profile: CpuProfile }> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  const dated = await Promise.all(
    names.map(async (name) => ({ path: join(dir, name), mtimeMs: (await stat(join(dir, name))).mtimeMs })),
  );
  const newest = dated.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (!newest) throw new CpuProfileMissingError(dir);
  return { path: newest.path, profile: JSON.parse(await readFile(newest.path, 'utf8')) as CpuProfile };
}
