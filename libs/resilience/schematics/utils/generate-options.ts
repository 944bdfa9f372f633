import { SchematicsException } from '@angular-devkit/schematics';
import { posix } from 'node:path';
import type { ProjectOptions } from './project.js';

/** The options `nest generate` passes to every schematic of a collection it is pointed at. */
export interface GenerateOptions extends ProjectOptions {
  /** The element's name; folders before it (`billing/payments`) are created under `path`. */
  name: string;
  /** Folder under the source root to generate in. @default the source root */
  path?: string;
  /** Generate in `path` itself instead of a `<name>/` folder in it. @default false */
  flat?: boolean;
  /** Register nothing in any module. @default false */
  skipImport?: boolean;
  /** Reformat the files written and changed with the project's Prettier. @default false */
  format?: boolean;
  /** The project's language; only `ts` is supported. @default 'ts' */
  language?: string;
  /** The collection (`-c`); the CLI passes it on, unused here. */
  collection?: string;
  /** Passed on by the CLI for Nest's resource schematic; unused here. */
  type?: string;
  /** Passed on by the CLI for Nest's resource schematic; unused here. */
  crud?: boolean;
}

/** Fails on a JavaScript project: the templates are TypeScript. */
export function assertTypeScript(language: string | undefined): void {
  if (language !== undefined && language !== 'ts') {
    throw new SchematicsException(
      `@carta/resilience generates TypeScript only; the project's language is "${language}".`,
    );
  }
}

/** The folder the files go to: `<sourceRoot>/<path>/<folders of the name>/<name unless flat>`. */
export function targetDirectory(options: {
  sourceRoot: string;
  path?: string;
  folder: string;
  fileName: string;
  flat?: boolean;
}): string {
  const joined = posix.join(
    options.sourceRoot,
    options.path ?? '',
    options.folder,
    options.flat ? '' : options.fileName,
  );
  return posix.normalize(joined).replace(/^\/+|\/+$/g, '');
}
