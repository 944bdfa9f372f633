import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDependencyHttp } from './dependency-http.client.js';
import type { DependencyPool } from './dependency.pool.js';

let server: Server;
let baseURL: string;
const received: { method?: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method, headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('createDependencyHttp', () => {
  let pool: DependencyPool | undefined;

  afterEach(async () => {
    received.length = 0;
    await pool?.close();
  });

  it("sends axios's default Accept and a JSON body's content type from one flat set of defaults", async () => {
    const built = createDependencyHttp({ baseURL, maxSockets: 2, connectTimeoutMs: 500, readTimeoutMs: 0 });
    pool = built.pool;
    // No per-method header sets for axios to deep-merge into every request.
    expect(Object.keys(built.http.defaults.headers)).toEqual(['Accept']);

    await expect(built.http.get('/products').then((r) => r.data as unknown)).resolves.toEqual({ ok: true });
    await built.http.post('/charges', { amountCents: 2900 }, { headers: { 'idempotency-key': 'k1' } });

    expect(received[0]).toMatchObject({
      method: 'GET',
      headers: expect.objectContaining({ accept: 'application/json, text/plain, */*' }) as unknown,
    });
    expect(received[0].headers['content-type']).toBeUndefined();
    expect(received[1]).toMatchObject({
      method: 'POST',
      body: '{"amountCents":2900}',
      headers: expect.objectContaining({
        accept: 'application/json, text/plain, */*',
        'content-type': 'application/json',
        'idempotency-key': 'k1',
      }) as unknown,
    });
  });
});
