import { httpStatusOf } from './error-classifier.js';

/**
 * The delay a server asked for: a numeric `retryAfterMs` on the error, or a `Retry-After`
 * header (seconds or HTTP date) on a 429/503 response. `undefined` when there is none.
 * `epochNow` is the wall-clock time (epoch ms) an HTTP date is measured from.
 */
export function retryAfterMsOf(error: unknown, epochNow: number): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof own === 'number' && own >= 0) return own;
  const status = httpStatusOf(error);
  if (status !== 429 && status !== 503) return undefined;
  const header = headerOf(error, 'retry-after');
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - epochNow);
}

function headerOf(error: object, name: string): string | undefined {
  const headers =
    (error as { response?: { headers?: unknown }; headers?: unknown }).response?.headers ??
    (error as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  const value =
    typeof get === 'function'
      ? get.call(headers, name)
      : plainHeader(headers as Record<string, unknown>, name);
  if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
  return value === undefined || value === null ? undefined : String(value);
}

// A plain object may keep the sender's casing ('Retry-After'); header names are case-insensitive.
function plainHeader(headers: Record<string, unknown>, name: string): unknown {
  if (name in headers) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
