import type { ProjectOptions } from '../utils/project.js';

/** Options of `nest add @carta/resilience` (see schema.json). */
export type NestAddOptions = ProjectOptions;
