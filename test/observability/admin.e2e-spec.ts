import { eventually } from '../support/eventually.js';
import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

const TOKEN = 'admin-test-token-0123456';

describe('admin routes', () => {
  describe('without ADMIN_TOKEN', () => {
    let shop: ShopFixture;

    beforeAll(async () => {
      shop = await ShopFixture.start();
    });

    afterAll(() => shop?.stop());

    it('are not mounted at all', async () => {
      expect(await shop.get('/admin/resilience')).toMatchObject({
        status: 404,
        body: { error: 'not_found' },
      });
    });
  });

  describe('with ADMIN_TOKEN', () => {
    let shop: ShopFixture;
    const admin = (method: string, path: string, body?: unknown, token = TOKEN) =>
      shop.request(method, `/admin/resilience${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    beforeAll(async () => {
      shop = await ShopFixture.start({ ADMIN_TOKEN: TOKEN, CAPTURE_DELAY_MS: '600000' });
    });

    afterAll(() => shop?.stop());

    it('refuses a missing or wrong token with 401 and WWW-Authenticate', async () => {
      const missing = await shop.get('/admin/resilience');
      expect(missing).toMatchObject({
        status: 401,
        body: { error: 'unauthorized', message: expect.any(String) },
      });
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await admin('GET', '', undefined, 'wrong-token')).status).toBe(401);
    });

    it('lists every policy with its live state and configuration', async () => {
      const answer = await admin('GET', '');
      expect(answer.status).toBe(200);
      const policies = (
        answer.body as {
          policies: { name: string; config: Record<string, unknown>; state: Record<string, unknown> }[];
        }
      ).policies;
      expect(policies.map((p) => p.name).sort()).toEqual(['catalog', 'inventory', 'payments']);
      expect(policies.find((p) => p.name === 'payments')).toMatchObject({
        config: { timeoutMs: 2000, retry: { maxAttempts: 3 }, bulkhead: { maxConcurrent: 20 } },
        state: { circuitBreaker: { state: 'closed' }, bulkhead: { maxConcurrent: 20 } },
      });
    });

    it('forces the payments breaker open (checkouts queue without calling payments), logs it as JSON, then closes it', async () => {
      const forced = await admin('POST', '/payments/state', { state: 'forced_open' });
      expect(forced).toMatchObject({
        status: 200,
        body: { name: 'payments', from: 'closed', to: 'forced_open' },
      });
      const calls = (await shop.stats('payments')).total;
      const checkout = await shop.checkout(newKey('forced'), order());
      expect(checkout).toMatchObject({ status: 202, body: { status: 'pending_payment' } });
      expect((await shop.stats('payments')).total).toBe(calls);

      const line = await eventually(() => {
        const found = shop
          .apiOutput()
          .split('\n')
          .find((l) => l.includes('"circuit_breaker_state_change"') && l.includes('"forced_open"'));
        expect(found).toBeDefined();
        return found as string;
      });
      expect(JSON.parse(line)).toMatchObject({
        event: 'circuit_breaker_state_change',
        service: 'payments',
        from: 'closed',
        to: 'forced_open',
        reason: 'operator',
        failures: 0,
      });

      expect(await admin('POST', '/payments/state', { state: 'closed' })).toMatchObject({
        status: 200,
        body: { from: 'forced_open', to: 'closed' },
      });
      expect((await shop.checkout(newKey('closed'), order())).status).toBe(201);
    });

    it('disables a breaker: failures pass through and it never opens', async () => {
      await admin('POST', '/payments/state', { state: 'disabled' });
      await shop.setFaults('payments', { failRate: 1 });
      for (let i = 0; i < 6; i++) expect((await shop.checkout(newKey('disabled'), order())).status).toBe(202);
      await shop.setFaults('payments', { mode: 'up' });
      const answer = await admin('GET', '');
      const payments = (
        answer.body as { policies: { name: string; state: { circuitBreaker: { state: string } } }[] }
      ).policies.find((p) => p.name === 'payments');
      expect(payments?.state.circuitBreaker.state).toBe('disabled');
      await admin('POST', '/payments/state', { state: 'closed' });
    });

    it('changes a threshold at runtime: 200 with the new settings, one JSON log line, and the breaker opens at it', async () => {
      const changed = await admin('PATCH', '/payments', { circuitBreaker: { failureThreshold: 1 } });
      expect(changed).toMatchObject({
        status: 200,
        body: {
          name: 'payments',
          changes: [{ path: 'circuitBreaker.failureThreshold', from: 5, to: 1 }],
          config: { circuitBreaker: { failureThreshold: 1 } },
          settings: { circuitBreaker: { failureThreshold: 1 }, timeoutMs: 2000 },
          state: { circuitBreaker: { state: 'closed' } },
        },
      });
      const line = await eventually(() => {
        const found = shop
          .apiOutput()
          .split('\n')
          .find((l) => l.includes('"resilience_policy_reconfigured"'));
        expect(found).toBeDefined();
        return found as string;
      });
      expect(JSON.parse(line)).toMatchObject({
        event: 'resilience_policy_reconfigured',
        service: 'payments',
        changes: [{ path: 'circuitBreaker.failureThreshold', from: 5, to: 1 }],
      });

      // One failed checkout is one or two failed payments calls: below the boot threshold of 5.
      await shop.setFaults('payments', { failRate: 1 });
      expect((await shop.checkout(newKey('threshold'), order())).status).toBe(202);
      await shop.setFaults('payments', { mode: 'up' });
      const health = await shop.get<{ dependencies: Record<string, { state: string }> }>(
        '/health/dependencies',
      );
      expect(health.body.dependencies.payments.state).toBe('open');

      await admin('PATCH', '/payments', { circuitBreaker: { failureThreshold: 5 } });
      await admin('POST', '/payments/state', { state: 'closed' });
    });

    it('refuses an invalid value or an option it cannot change with 400 invalid_policy_config, changing nothing', async () => {
      expect(
        await admin('PATCH', '/payments', { bulkhead: { maxConcurrent: 4 }, timeoutMs: 0 }),
      ).toMatchObject({
        status: 400,
        body: {
          error: 'invalid_policy_config',
          message: 'Policy "payments": timeoutMs must be a finite number > 0, got 0.',
        },
      });
      expect(await admin('PATCH', '/payments', { circuitBreaker: { isFailure: true } })).toMatchObject({
        status: 400,
        body: {
          error: 'invalid_policy_config',
          message: expect.stringContaining('circuitBreaker.isFailure'),
        },
      });
      const list = await admin('GET', '');
      const payments = (
        list.body as { policies: { name: string; settings: { bulkhead: { maxConcurrent: number } } }[] }
      ).policies.find((p) => p.name === 'payments');
      expect(payments?.settings.bulkhead.maxConcurrent).toBe(20);
    });

    it('answers a change to an unknown policy with 404 and one without the token with 401', async () => {
      expect(await admin('PATCH', '/nope', { timeoutMs: 100 })).toMatchObject({
        status: 404,
        body: { error: 'unknown_policy' },
      });
      const withoutToken = await shop.request('PATCH', '/admin/resilience/payments', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ timeoutMs: 100 }),
      });
      expect(withoutToken).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    });

    it('rejects an unknown state with 400 and an unknown policy with 404', async () => {
      expect(await admin('POST', '/payments/state', { state: 'open' })).toMatchObject({
        status: 400,
        body: { error: 'invalid_request' },
      });
      expect(await admin('POST', '/nope/state', { state: 'closed' })).toMatchObject({
        status: 404,
        body: { error: 'unknown_policy' },
      });
    });
  });
});
