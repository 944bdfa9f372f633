import { ChargeStore } from './charge-store.js';
import type { ChargeRequest } from './charge.js';
import { IdempotencyKeyMismatchError } from './idempotency-key-mismatch.error.js';

const request: ChargeRequest = {
  orderId: 'order-1',
  customerId: 'cust-1',
  amountCents: 1_450,
  currency: 'EUR',
};

function store(): ChargeStore {
  let ids = 0;
  return new ChargeStore({ now: () => Date.UTC(2026, 0, 2, 3, 4, 5), newId: () => `ch_${++ids}` });
}

describe('ChargeStore', () => {
  it('makes a succeeded charge carrying the request, the key, an id and a creation time', () => {
    expect(store().charge('key-1', request)).toEqual({
      charge: {
        ...request,
        chargeId: 'ch_1',
        status: 'succeeded',
        idempotencyKey: 'key-1',
        createdAt: '2026-01-02T03:04:05.000Z',
      },
      replayed: false,
    });
  });

  it('returns the first charge, marked replayed, when the same key comes again, and makes no second one', () => {
    const charges = store();
    const first = charges.charge('key-1', request);
    const again = charges.charge('key-1', { ...request });
    expect(again).toEqual({ charge: first.charge, replayed: true });
    expect(charges.list()).toHaveLength(1);
  });

  it.each([
    ['amountCents', { amountCents: 1_451 }],
    ['orderId', { orderId: 'order-2' }],
    ['customerId', { customerId: 'cust-2' }],
  ])('rejects a reused key whose %s differs, keeping the first charge only', (_field, change) => {
    const charges = store();
    charges.charge('key-1', request);
    expect(() => charges.charge('key-1', { ...request, ...change })).toThrow(IdempotencyKeyMismatchError);
    expect(charges.list()).toHaveLength(1);
  });

  it('makes exactly one charge for 20 concurrent requests with one key', async () => {
    const charges = store();
    // Each caller yields first, as a request handler would, so the calls interleave.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        await Promise.resolve();
        return charges.charge('key-1', request);
      }),
    );
    expect(charges.list()).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.charge.chargeId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
  });

  it('lists every charge in creation order and finds each by id', () => {
    const charges = store();
    charges.charge('key-b', request);
    charges.charge('key-a', { ...request, orderId: 'order-2' });
    expect(charges.list().map((c) => c.idempotencyKey)).toEqual(['key-b', 'key-a']);
    expect(charges.find('ch_2').orderId).toBe('order-2');
  });

  it('answers charge_not_found for an unknown id', () => {
    expect(() => store().find('ch_404')).toThrow(expect.objectContaining({ code: 'charge_not_found' }));
  });

  it('finds the charge made under a key, replays included', () => {
    const charges = store();
    const { charge } = charges.charge('key-1', request);
    charges.charge('key-1', request);
    charges.charge('key-2', { ...request, orderId: 'order-2' });
    expect(charges.findByIdempotencyKey('key-1')).toBe(charge);
  });

  it('answers charge_not_found, naming the key, when no charge was made under it', () => {
    const charges = store();
    charges.charge('key-1', request);
    expect(() => charges.findByIdempotencyKey('key-2')).toThrow(
      expect.objectContaining({ code: 'charge_not_found', message: expect.stringContaining('"key-2"') }),
    );
  });
});
