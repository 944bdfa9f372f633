import { once } from 'node:events';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blackholedPort } from '../../../../test/support/blackholed-port.js';
import { eventually } from '../../../../test/support/eventually.js';
import { DependencyPool } from './dependency.pool.js';

let server: Server;
let origin: string;
// Requests held unanswered until a test answers them.
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((_request, response) => held.push(response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  held.splice(0).forEach((response) => response.end('late'));
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const get = (pool: DependencyPool): Promise<string> =>
  pool.dispatcher.request({ path: '/', method: 'GET' }).then((answer) => answer.body.text());

describe('DependencyPool', () => {
  it('sends at most `connections` requests at once; the rest wait for a connection', async () => {
    const pool = new DependencyPool({ origin, connections: 2, connectTimeoutMs: 500 });
    const calls = [get(pool), get(pool), get(pool)];
    await eventually(() => expect(held).toHaveLength(2));
    held.shift()?.end('first');
    await eventually(() => expect(held).toHaveLength(2));
    held.splice(0).forEach((response) => response.end('rest'));
    await expect(Promise.all(calls)).resolves.toEqual(['first', 'rest', 'rest']);
    await pool.close();
  });

  it('resized, sends the next requests on the new size and lets the old pool finish what it holds', async () => {
    const pool = new DependencyPool({ origin, connections: 1, connectTimeoutMs: 500 });
    const before = get(pool);
    await eventually(() => expect(held).toHaveLength(1));
    pool.resize(3);
    expect(pool.connections).toBe(3);
    const after = [get(pool), get(pool), get(pool)];
    // Three more at once: the old pool's one connection would have taken them one by one.
    await eventually(() => expect(held).toHaveLength(4));
    held.splice(0).forEach((response) => response.end('done'));
    await expect(Promise.all([before, ...after])).resolves.toEqual(['done', 'done', 'done', 'done']);
    await pool.close();
  });

  it('closes once its running requests have finished, refusing new ones', async () => {
    const pool = new DependencyPool({ origin, connections: 1, connectTimeoutMs: 500 });
    const running = get(pool);
    await eventually(() => expect(held).toHaveLength(1));
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    await expect(get(pool)).rejects.toMatchObject({ code: 'UND_ERR_CLOSED' });
    expect(closed).toBe(false);
    held.shift()?.end('finished');
    await expect(running).resolves.toBe('finished');
    await closing;
    expect(closed).toBe(true);
  });
});

describe('DependencyPool connect timeout', () => {
  it("fails a connection not open within connectTimeoutMs, not on undici's coarse 500 ms tick", async () => {
    const blackhole = await blackholedPort();
    const pool = new DependencyPool({
      origin: `http://127.0.0.1:${blackhole.port}`,
      connections: 1,
      connectTimeoutMs: 50,
    });
    try {
      const started = performance.now();
      await expect(get(pool)).rejects.toMatchObject({ code: 'UND_ERR_CONNECT_TIMEOUT' });
      // undici's own timer would fire on its first 499 ms tick at the earliest.
      expect(performance.now() - started).toBeLessThan(450);
    } finally {
      blackhole.release();
      await pool.close();
    }
  });
});
