import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repo root: the compose file's build context. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** docker/: compose resolves the relative paths of its bind mounts from here. */
export const DOCKER_DIR = join(ROOT, 'docker');

/** A file under docker/, as text. */
export function readDockerFile(path: string): string {
  return readFileSync(join(DOCKER_DIR, path), 'utf8');
}

/** A YAML file under docker/, with `<<` merge keys resolved as compose resolves them. */
export function readDockerYaml<T>(path: string): T {
  return parse(readDockerFile(path), { merge: true }) as T;
}
