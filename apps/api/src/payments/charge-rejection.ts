import { isAxiosError } from 'axios';

/**
 * The 4xx payments answered a charge with, if that is how it failed: a rejection retrying
 * cannot fix (408 and 429 are "later", not "no").
 */
export function chargeRejectionStatusOf(error: unknown): number | undefined {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429
    ? status
    : undefined;
}
