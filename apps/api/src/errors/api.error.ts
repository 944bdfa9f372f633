/**
 * An error the api answers with a specific status and `{ error: code, message }`. Services
 * throw these; only the exception filter knows HTTP.
 */
export abstract class ApiError extends Error {
  /** HTTP status of the answer. */
  abstract readonly status: number;
  /** snake_case code sent as `error`. */
  abstract readonly code: string;
  /** Sent as Retry-After when set. */
  readonly retryAfterSeconds?: number;
  /** Extra headers of the answer (e.g. WWW-Authenticate). */
  readonly headers?: Record<string, string>;
}

/** Type guard for {@link ApiError}. */
export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
