import { ROUTES } from './http-routes.js';

describe('ROUTES happy answers', () => {
  const order = (status: string, inventory: string): string =>
    JSON.stringify({ orderId: 'ord_1', status, amountCents: 1450, chargeId: 'ch_1', inventory });

  it('counts a checkout happy only when the order is confirmed and its stock reserved', () => {
    expect(ROUTES.checkout.isHappy(order('confirmed', 'reserved'))).toBe(true);
    // A bulkhead refused the reservation: the order was placed without it.
    expect(ROUTES.checkout.isHappy(order('confirmed', 'unconfirmed'))).toBe(false);
    expect(ROUTES.checkout.isHappy(order('pending_payment', 'reserved'))).toBe(false);
  });

  it('counts catalog answers happy when live, stock when exact', () => {
    expect(ROUTES.products.isHappy('{"products":[],"stale":false,"source":"live"}')).toBe(true);
    expect(ROUTES.product.isHappy('{"product":{},"stale":true,"source":"cache"}')).toBe(false);
    expect(ROUTES.inventory.isHappy('{"sku":"MUG-02","available":3,"estimated":false}')).toBe(true);
    expect(ROUTES.inventory.isHappy('{"sku":"MUG-02","available":null,"estimated":true}')).toBe(false);
  });
});
