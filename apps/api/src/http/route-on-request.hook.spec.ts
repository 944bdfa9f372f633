import Fastify, { type FastifyInstance, type onRequestHookHandler } from 'fastify';
import { addRouteOnRequestHooks } from './route-on-request.hook.js';

// A real Fastify server over real HTTP; what a route's hooks do is seen in the answer.
describe('addRouteOnRequestHooks', () => {
  let fastify: FastifyInstance;
  let base: string | undefined;

  // Listens on the first request, once the test has added its routes.
  const send = async (method: string, url: string, body?: string) => {
    base ??= await fastify.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${base}${url}`, {
      method,
      body,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    await response.arrayBuffer();
    return { statusCode: response.status, hooks: response.headers.get('x-hooks') };
  };

  // Appends `name` to the x-hooks header and goes on.
  const tagging =
    (name: string): onRequestHookHandler =>
    (_request, reply, done) => {
      const before = reply.getHeader('x-hooks');
      void reply.header('x-hooks', before === undefined ? name : `${String(before)},${name}`);
      done();
    };

  beforeEach(() => {
    fastify = Fastify();
    base = undefined;
  });

  afterEach(() => fastify.close());

  it('runs "first" hooks before "last" ones on every route it gives one, whatever order they were added in', async () => {
    addRouteOnRequestHooks(fastify, { place: 'last', hookFor: () => tagging('last') });
    addRouteOnRequestHooks(fastify, { place: 'first', hookFor: () => tagging('first') });
    fastify.get('/a', { onRequest: tagging('own') }, () => ({ ok: true }));
    expect((await send('GET', '/a')).hooks).toBe('first,own,last');
  });

  it('builds each route’s hook from that route’s url and config, once, and adds none where it gives none', async () => {
    const built: string[] = [];
    addRouteOnRequestHooks(fastify, {
      place: 'last',
      hookFor: (route) => {
        if (route.config?.rateLimited !== true) return undefined;
        built.push(`${String(route.method)} ${route.url}`);
        return tagging(route.url);
      },
    });
    fastify.get('/items/:id', { config: { rateLimited: true } }, () => ({ ok: true }));
    fastify.get('/healthz', () => ({ ok: true }));
    for (let i = 0; i < 3; i++) await send('GET', '/items/7');
    expect((await send('GET', '/items/7')).hooks).toBe('/items/:id');
    expect((await send('HEAD', '/items/7')).hooks).toBe('/items/:id');
    expect((await send('GET', '/healthz')).hooks).toBeNull();
    // The GET route and the HEAD route Fastify adds for it, each built at registration.
    expect(built).toEqual(['GET /items/:id', 'HEAD /items/:id']);
  });

  it('lets a hook answer the request itself: the handler never runs', async () => {
    let handled = 0;
    addRouteOnRequestHooks(fastify, {
      place: 'first',
      hookFor: () => (_request, reply) => void reply.code(429).send({ error: 'rate_limited' }),
    });
    fastify.post('/checkout', () => {
      handled++;
      return { ok: true };
    });
    expect((await send('POST', '/checkout', '{"items":[]}')).statusCode).toBe(429);
    expect(handled).toBe(0);
  });
});
