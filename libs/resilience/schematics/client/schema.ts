import type { GenerateOptions } from '../utils/generate-options.js';

/** Options of `nest g -c @carta/resilience client <name>` (see schema.json). */
export interface ClientOptions extends GenerateOptions {
  /** The environment variable holding the service's base URL. @default '<NAME>_URL' (PAYMENTS_URL) */
  baseUrlEnv?: string;
  /** Generate `<name>.client.spec.ts`. @default true */
  spec?: boolean;
  /** The spec file's suffix. @default 'spec' */
  specFileSuffix?: string;
}
