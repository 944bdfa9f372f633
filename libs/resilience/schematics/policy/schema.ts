import type { GenerateOptions } from '../utils/generate-options.js';

/** Options of `nest g -c @carta/resilience policy <name>` (see schema.json). */
export interface PolicyOptions extends GenerateOptions {
  /** Passed on by the Nest CLI; a policy has no spec. */
  spec?: boolean;
  /** Passed on by the Nest CLI; a policy has no spec. */
  specFileSuffix?: string;
}
