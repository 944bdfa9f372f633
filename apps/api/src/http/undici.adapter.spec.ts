import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isNetworkError, isTransientError } from '@carta/resilience';
import axios, {
  AxiosError,
  type AxiosHeaders,
  CanceledError,
  isAxiosError,
  isCancel,
  type AxiosInstance,
} from 'axios';
import { blackholedPort } from '../../../../test/support/blackholed-port.js';
import { eventually } from '../../../../test/support/eventually.js';
import { DependencyPool } from './dependency.pool.js';
import { undiciAdapter } from './undici.adapter.js';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let origin: string;
const received: Received[] = [];
// Requests to /hang are never answered; each resolves here when its caller closes the connection.
const hungClosed: Promise<void>[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      // The client's base path is /v1.
      const route = request.url?.replace(/^\/v1/, '') ?? '';
      if (route === '/hang') {
        hungClosed.push(once(request.socket, 'close').then(() => undefined));
        return;
      }
      if (route === '/bom') return void response.end('\ufeff{"ok":true}');
      const status = route.startsWith('/status/') ? Number(route.slice('/status/'.length)) : 200;
      response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '7' });
      response.end(JSON.stringify({ echoed: request.url }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('undiciAdapter', () => {
  let pool: DependencyPool;
  let http: AxiosInstance;

  beforeEach(() => {
    received.length = 0;
    hungClosed.length = 0;
    pool = new DependencyPool({ origin, connections: 4, connectTimeoutMs: 500 });
    http = axios.create({ baseURL: `${origin}/v1/`, adapter: undiciAdapter({ pool, basePath: '/v1' }) });
  });

  afterEach(async () => {
    server.closeAllConnections();
    await pool.close();
  });

  it("sends the method, the base path, the URL with its params, axios's headers and a JSON body", async () => {
    await http.post(
      '/charges',
      { amountCents: 2900 },
      { params: { key: 'a b&c' }, headers: { 'x-key': 'k1' } },
    );
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/v1/charges?key=a+b%26c',
      body: '{"amountCents":2900}',
      headers: expect.objectContaining({ 'x-key': 'k1', 'content-type': 'application/json' }) as unknown,
    });
  });

  it('answers with the status, the parsed JSON and the headers, as axios does', async () => {
    const response = await http.get<{ echoed: string }>('products');
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.data).toEqual({ echoed: '/v1/products' });
    expect((response.headers as AxiosHeaders).get('Retry-After')).toBe('7');
  });

  it("rejects a status validateStatus refuses with an AxiosError carrying the answer, as axios's own adapter", async () => {
    const error = await http.get('/status/503').catch((e: unknown) => e);
    expect(isAxiosError(error)).toBe(true);
    expect(error).toMatchObject({ code: AxiosError.ERR_BAD_RESPONSE, status: 503 });
    expect((error as AxiosError).response?.data).toEqual({ echoed: '/v1/status/503' });
    // The resilience classifier reads it as a transient failure.
    expect(isTransientError(error)).toBe(true);
    await expect(http.get('/status/404')).rejects.toMatchObject({ code: AxiosError.ERR_BAD_REQUEST });
  });

  it('drops a leading BOM before the JSON is parsed', async () => {
    await expect(http.get('/bom').then((r) => r.data as unknown)).resolves.toEqual({ ok: true });
  });

  it('reads an arraybuffer answer as bytes', async () => {
    const { data } = await http.get<Buffer>('/products', { responseType: 'arraybuffer' });
    expect(Buffer.isBuffer(data) && JSON.parse(data.toString()) !== null).toBe(true);
  });

  it('cancels through the signal: a CanceledError, and the connection is closed', async () => {
    const controller = new AbortController();
    const call = http.get('/hang', { signal: controller.signal }).catch((e: unknown) => e);
    await eventually(() => expect(hungClosed).toHaveLength(1));
    controller.abort();
    const error = await call;
    expect(isCancel(error)).toBe(true);
    expect(error).toBeInstanceOf(CanceledError);
    await hungClosed[0];
  });

  it('gives up a read after `timeout` ms with ECONNABORTED, as axios does (ETIMEDOUT with clarifyTimeoutError)', async () => {
    await expect(http.get('/hang', { timeout: 50 })).rejects.toMatchObject({
      code: AxiosError.ECONNABORTED,
      message: 'timeout of 50ms exceeded',
    });
    await expect(
      http.get('/hang', { timeout: 50, transitional: { clarifyTimeoutError: true } }),
    ).rejects.toMatchObject({ code: AxiosError.ETIMEDOUT });
  });

  it('reports a refused connection with its socket code, a network error to the classifier', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    const deadPool = new DependencyPool({ origin: deadOrigin, connections: 1, connectTimeoutMs: 500 });
    try {
      const dead = axios.create({
        baseURL: deadOrigin,
        adapter: undiciAdapter({ pool: deadPool, basePath: '' }),
      });
      const error = await dead.get('/products').catch((e: unknown) => e);
      expect(isAxiosError(error) && error.code).toBe('ECONNREFUSED');
      expect(isNetworkError(error)).toBe(true);
    } finally {
      await deadPool.close();
    }
  });

  it('reports a connection not open in time as ETIMEDOUT, as the connect timeout agent before it did', async () => {
    const blackhole = await blackholedPort();
    const origin = `http://127.0.0.1:${blackhole.port}`;
    const slowPool = new DependencyPool({ origin, connections: 1, connectTimeoutMs: 50 });
    try {
      const slow = axios.create({
        baseURL: origin,
        adapter: undiciAdapter({ pool: slowPool, basePath: '' }),
      });
      const error = await slow.get('/products').catch((e: unknown) => e);
      expect(isAxiosError(error) && error.code).toBe(AxiosError.ETIMEDOUT);
      expect(isTransientError(error)).toBe(true);
    } finally {
      blackhole.release();
      await slowPool.close();
    }
  });

  it.each([
    ['an absolute URL', { url: 'http://127.0.0.2/elsewhere' }],
    ['a protocol-relative URL', { url: '//127.0.0.2/elsewhere' }],
    ['a cancelToken', { url: '/products', cancelToken: axios.CancelToken.source().token }],
    ['basic auth', { url: '/products', auth: { username: 'u', password: 'p' } }],
    ['a size limit', { url: '/products', maxContentLength: 1_000 }],
    ['a streamed answer', { url: '/products', responseType: 'stream' as const }],
  ])('refuses %s with ERR_BAD_OPTION and sends nothing', async (_what, config) => {
    await expect(http.request(config)).rejects.toMatchObject({ code: AxiosError.ERR_BAD_OPTION });
    expect(received).toHaveLength(0);
  });
});
