import Fastify, { type FastifyInstance } from 'fastify';
import { BodyTooDeepError, InvalidRequestError } from '../errors/api-errors.js';
import { acceptJsonBodiesOnly } from './json-body.parser.js';

describe('acceptJsonBodiesOnly', () => {
  let app: FastifyInstance;
  let url: string;
  // What reached the error handler (the api's exception filter, in the real app).
  let failure: unknown;

  beforeAll(async () => {
    app = Fastify();
    acceptJsonBodiesOnly(app, { maxDepth: 3 });
    app.setErrorHandler((error, _request, reply) => {
      failure = error;
      void reply
        .status(error instanceof InvalidRequestError || error instanceof BodyTooDeepError ? 400 : 418)
        .send();
    });
    app.post('/echo', (request) => ({ body: request.body }));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => app.close());

  beforeEach(() => (failure = undefined));

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('hands a JSON object within the depth to the route', async () => {
    const body = { customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 2 }] };
    const answer = await post(JSON.stringify(body));
    expect(await answer.json()).toEqual({ body });
  });

  it('refuses a body nested deeper than the limit with BodyTooDeepError', async () => {
    const answer = await post('{"a":{"b":{"c":{"d":1}}}}');
    expect(answer.status).toBe(400);
    expect(failure).toBeInstanceOf(BodyTooDeepError);
    expect((failure as BodyTooDeepError).message).toContain('deeper than 3 levels');
  });

  it('refuses thousands of levels without overflowing the stack', async () => {
    const answer = await post('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000));
    expect(answer.status).toBe(400);
    expect(failure).toBeInstanceOf(BodyTooDeepError);
  });

  it.each(['null', '42', '"text"', 'true', '[]', '[{"customerId":"c-1"}]'])(
    'refuses %s, which is JSON but not an object',
    async (payload) => {
      expect((await post(payload)).status).toBe(400);
      expect(failure).toBeInstanceOf(InvalidRequestError);
    },
  );

  it('refuses __proto__ keys as invalid JSON, as Fastify does', async () => {
    await post('{"__proto__":{"admin":true}}');
    expect(failure).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream'])(
    'answers a %s body 415',
    async (contentType) => {
      await post('customerId=c-1', contentType);
      expect(failure).toMatchObject({ statusCode: 415 });
    },
  );
});
