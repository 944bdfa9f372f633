import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../../test/support/eventually.js';
import { holdRequests } from './crowd.js';

// A real HTTP server that sees each request once its headers are in, as the api's hooks do.
describe('holdRequests (the burst crowd)', () => {
  let server: Server;
  const seen: IncomingMessage[] = [];

  beforeEach(async () => {
    seen.length = 0;
    server = createServer((request) => void seen.push(request));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('holds each request, headers sent and body withheld, from a loopback address of its own: each slow client is within its own rate limit', async () => {
    const { port } = server.address() as AddressInfo;
    const crowd = await holdRequests({ apiUrl: `http://127.0.0.1:${port}`, count: 300, maxMs: 10_000 });
    expect(crowd.held).toBe(300);
    await eventually(() => expect(seen).toHaveLength(300));
    expect(seen.every((r) => r.method === 'POST' && r.url === '/checkout' && !r.complete)).toBe(true);
    const addresses = new Set(seen.map((r) => r.socket.remoteAddress));
    expect(addresses.size).toBe(300);
    expect(addresses.has('127.0.0.1')).toBe(false);
    crowd.release();
    await eventually(() => expect(seen.every((r) => r.socket.destroyed)).toBe(true));
  });
});
