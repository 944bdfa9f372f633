import Fastify, { type FastifyInstance } from 'fastify';
import { eventually } from '../../../../test/support/eventually.js';
import { countRequestsInFlight } from './count-in-flight.hook.js';
import { InFlightRequests } from './in-flight-requests.js';

describe('countRequestsInFlight', () => {
  let fastify: FastifyInstance;
  let requests: InFlightRequests;
  let url: string;
  let finishHandlers: () => void;
  let countSeenByNotFound: number | undefined;

  beforeEach(async () => {
    // Closes the sockets a test's client left open at once, rather than waiting them out.
    fastify = Fastify({ forceCloseConnections: true });
    requests = new InFlightRequests();
    countRequestsInFlight(fastify, requests);
    const handlersDone = new Promise<void>((resolve) => (finishHandlers = resolve));
    fastify.get('/held', async () => {
      await handlersDone;
      return { ok: true };
    });
    countSeenByNotFound = undefined;
    fastify.setNotFoundHandler((_request, reply) => {
      countSeenByNotFound = requests.count;
      void reply.code(404).send();
    });
    url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    finishHandlers();
    await fastify.close();
  });

  it('counts a request until it is answered', async () => {
    const answer = fetch(`${url}/held`);
    await eventually(() => expect(requests.count).toBe(1));
    finishHandlers();
    expect((await answer).status).toBe(200);
    await eventually(() => expect(requests.count).toBe(0));
  });

  it('releases a request whose client gave up, though its handler never answered: the count cannot leak', async () => {
    const client = new AbortController();
    const answer = fetch(`${url}/held`, { signal: client.signal }).catch(() => 'aborted');
    await eventually(() => expect(requests.count).toBe(1));
    client.abort();
    expect(await answer).toBe('aborted');
    await eventually(() => expect(requests.count).toBe(0));
  });

  it('counts requests no route matches too: they take the same event loop', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect(countSeenByNotFound).toBe(1);
  });
});
