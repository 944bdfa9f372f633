import type { Role } from './config/api.config.js';

/** What the api announces once it serves. */
export interface ApiReady {
  role: Role;
  /** The base URL it serves on, the bound port filled in. */
  url: string;
}

/** The start of the ready line. A wire contract: harnesses wait for it and parse the JSON after it. */
export const API_READY_PREFIX = 'api ready';

/** The one line the api prints on stdout once it serves: `api ready {"role":"all","url":"..."}`. */
export const apiReadyLine = (ready: ApiReady): string => `${API_READY_PREFIX} ${JSON.stringify(ready)}`;
