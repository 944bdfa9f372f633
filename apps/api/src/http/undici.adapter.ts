import { STATUS_CODES } from 'node:http';
import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Dispatcher } from 'undici';
import type { DependencyPool } from './dependency.pool.js';

/** Where the adapter sends. */
export interface UndiciAdapterOptions {
  /** The dependency's connections; every request goes to its origin. */
  pool: DependencyPool;
  /** The path of axios's `baseURL` (`''` for an origin), put before every request's URL. */
  basePath: string;
}

// axios's own test for an absolute URL (`http://…`, `//host/…`), which could leave the dependency.
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;
const READ_TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESPONSE_TYPES = new Set(['json', 'text', 'arraybuffer']);

/**
 * An axios adapter that sends through the dependency's undici pool instead of node:http. axios
 * keeps its API around it (defaults, interceptors, transforms, `validateStatus`, AxiosError and
 * CanceledError, so the resilience classifier reads failures as before); undici does the HTTP,
 * for about half of axios's own adapter's CPU per request (docs/performance.md).
 *
 * What the shop's clients use is supported: relative URLs with `params`, string or Buffer
 * bodies (axios's transforms make JSON of objects), `signal`, `timeout` (undici's header and
 * body read timeouts, each of `timeout` ms; 0 for none), `validateStatus`, and the response
 * types `json`, `text` and `arraybuffer`. An absolute URL, a `cancelToken`, `auth`, a size
 * limit, another response type or another body fails the request with `ERR_BAD_OPTION` rather
 * than being ignored. The options of axios's node:http transport (`httpAgent`, `proxy`,
 * `maxRedirects`, `decompress`) have no meaning here: the pool is the transport, it follows no
 * redirect and asks for no compression.
 */
export function undiciAdapter({ pool, basePath }: UndiciAdapterOptions): AxiosAdapter {
  return async (config) => {
    const request = requestOf(config, basePath);
    let answer: Dispatcher.ResponseData;
    let data: unknown;
    try {
      answer = await pool.dispatcher.request(request);
      data = await bodyOf(answer.body, config);
    } catch (error) {
      throw failureOf(error, config);
    }
    const status = answer.statusCode;
    const response: AxiosResponse = {
      data,
      status,
      statusText: STATUS_CODES[status] ?? '',
      headers: new AxiosHeaders(answer.headers as Record<string, string | string[]>),
      config,
      request: null,
    };
    if (config.validateStatus && !config.validateStatus(status))
      throw new AxiosError(
        `Request failed with status code ${status}`,
        status >= 400 && status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE,
        config,
        null,
        response,
      );
    return response;
  };
}

function requestOf(config: InternalAxiosRequestConfig, basePath: string): Dispatcher.RequestOptions {
  const unsupported = unsupportedOption(config);
  if (unsupported) throw new AxiosError(unsupported, AxiosError.ERR_BAD_OPTION, config);
  const timeout = config.timeout ?? 0;
  return {
    path: basePath + pathOf(config),
    method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
    headers: config.headers.toJSON(true) as Record<string, string>,
    body: (config.data as string | Buffer | undefined) ?? null,
    // axios's GenericAbortSignal (an AbortSignal or the attempt's): undici only needs its
    // `aborted`, `reason` and `abort` listeners.
    signal: (config.signal ?? null) as AbortSignal | null,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  };
}

function pathOf(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const path =
    config.params || config.paramsSerializer
      ? axios.getUri({ url, params: config.params, paramsSerializer: config.paramsSerializer })
      : url;
  return path.startsWith('/') ? path : `/${path}`;
}

function unsupportedOption(config: InternalAxiosRequestConfig): string | undefined {
  if (ABSOLUTE_URL.test(config.url ?? ''))
    return `absolute URL ${config.url}: this client sends only to its dependency's base URL`;
  if (config.cancelToken) return 'cancelToken: pass a signal instead';
  if (config.auth) return 'auth: set the Authorization header instead';
  if ((config.maxContentLength ?? -1) > -1 || (config.maxBodyLength ?? -1) > -1)
    return 'maxContentLength and maxBodyLength: no size limit is enforced here';
  if (config.responseType && !RESPONSE_TYPES.has(config.responseType))
    return `responseType ${config.responseType}: only json, text and arraybuffer are read`;
  const data: unknown = config.data;
  if (data !== undefined && data !== null && typeof data !== 'string' && !Buffer.isBuffer(data))
    return 'a body other than a string, an object (sent as JSON) or a Buffer';
  return undefined;
}

async function bodyOf(
  body: Dispatcher.ResponseData['body'],
  config: InternalAxiosRequestConfig,
): Promise<unknown> {
  if (config.responseType === 'arraybuffer') return Buffer.from(await body.arrayBuffer());
  // As axios's own adapter: text, a leading BOM dropped; axios's transforms parse the JSON.
  const text = await body.text();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// Failures as axios's own adapter reports them: a cancelled request is a CanceledError, a read
// timeout an ECONNABORTED (ETIMEDOUT with clarifyTimeoutError), a connect timeout an ETIMEDOUT,
// anything else an AxiosError with the socket error's code and the error as its cause.
function failureOf(error: unknown, config: InternalAxiosRequestConfig): AxiosError {
  if (config.signal?.aborted) return new CanceledError(undefined, config, null);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && READ_TIMEOUT_CODES.has(code)) {
    const timeout = new AxiosError(
      config.timeoutErrorMessage ?? `timeout of ${config.timeout}ms exceeded`,
      config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
      config,
      null,
    );
    timeout.cause = error as Error;
    return timeout;
  }
  return AxiosError.from(
    error,
    code === 'UND_ERR_CONNECT_TIMEOUT' ? AxiosError.ETIMEDOUT : undefined,
    config,
    null,
  );
}
