import { isAxiosError } from 'axios';

/** The HTTP status a dependency answered with, when the failure is an answer at all. */
export const statusOf = (error: unknown): number | undefined =>
  isAxiosError(error) ? error.response?.status : undefined;

/**
 * A 4xx other than 408 and 429: the dependency answered "no" (not found, out of stock,
 * rejected), which is not a failure of the dependency. Neither breakers nor retries count it,
 * as Carta's classifier does not.
 */
export function isRejection(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
