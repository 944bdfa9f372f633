import { StockLedger } from './stock-ledger.js';

function ledger(initialStock = 10): StockLedger {
  let ids = 0;
  return new StockLedger({
    skus: ['MUG-02', 'KETTLE-01'],
    initialStock,
    now: () => Date.UTC(2026, 0, 2),
    newId: () => `res_${++ids}`,
  });
}

describe('StockLedger', () => {
  it('starts every sku with the initial stock', () => {
    expect(ledger(7).available('KETTLE-01')).toBe(7);
  });

  it('reserves by taking the quantities off the stock and returns the reservation', () => {
    const stock = ledger();
    const reservation = stock.reserve([
      { sku: 'MUG-02', quantity: 3 },
      { sku: 'KETTLE-01', quantity: 1 },
    ]);
    expect(reservation).toEqual({
      reservationId: 'res_1',
      items: [
        { sku: 'MUG-02', quantity: 3 },
        { sku: 'KETTLE-01', quantity: 1 },
      ],
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    expect([stock.available('MUG-02'), stock.available('KETTLE-01')]).toEqual([7, 9]);
  });

  it('takes nothing when one item lacks stock, even if the others have enough', () => {
    const stock = ledger();
    expect(() =>
      stock.reserve([
        { sku: 'MUG-02', quantity: 2 },
        { sku: 'KETTLE-01', quantity: 11 },
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'insufficient_stock', message: 'KETTLE-01: 11 wanted, 10 available' }),
    );
    expect([stock.available('MUG-02'), stock.available('KETTLE-01')]).toEqual([10, 10]);
  });

  it('adds up a sku listed twice before checking its stock', () => {
    const stock = ledger();
    expect(() =>
      stock.reserve([
        { sku: 'MUG-02', quantity: 6 },
        { sku: 'MUG-02', quantity: 5 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'insufficient_stock' }));
    expect(stock.available('MUG-02')).toBe(10);
  });

  it('takes nothing when one sku is unknown', () => {
    const stock = ledger();
    expect(() =>
      stock.reserve([
        { sku: 'MUG-02', quantity: 1 },
        { sku: 'NOPE-99', quantity: 1 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'product_not_found' }));
    expect(stock.available('MUG-02')).toBe(10);
  });

  it('can reserve the last unit', () => {
    const stock = ledger(1);
    stock.reserve([{ sku: 'MUG-02', quantity: 1 }]);
    expect(stock.available('MUG-02')).toBe(0);
  });

  it('gives the stock back on release', () => {
    const stock = ledger();
    const { reservationId } = stock.reserve([{ sku: 'MUG-02', quantity: 4 }]);
    stock.release(reservationId);
    expect(stock.available('MUG-02')).toBe(10);
  });

  it('refuses a second release without giving the stock back twice', () => {
    const stock = ledger();
    const { reservationId } = stock.reserve([{ sku: 'MUG-02', quantity: 4 }]);
    stock.release(reservationId);
    expect(() => stock.release(reservationId)).toThrow(
      expect.objectContaining({ code: 'reservation_not_found' }),
    );
    expect(stock.available('MUG-02')).toBe(10);
  });

  it('answers product_not_found for the stock of an unknown sku', () => {
    expect(() => ledger().available('NOPE-99')).toThrow(
      expect.objectContaining({ code: 'product_not_found' }),
    );
  });

  it('returns the same reservation, taking nothing more, when an orderId reserves again', () => {
    const ledger = new StockLedger({ skus: ['MUG-02'], initialStock: 10 });
    const first = ledger.reserve([{ sku: 'MUG-02', quantity: 3 }], 'ord-1');
    const again = ledger.reserve([{ sku: 'MUG-02', quantity: 3 }], 'ord-1');
    expect(again).toBe(first);
    expect(ledger.available('MUG-02')).toBe(7);
  });

  it('reserves afresh for an orderId whose reservation was released', () => {
    const ledger = new StockLedger({ skus: ['MUG-02'], initialStock: 10 });
    const first = ledger.reserve([{ sku: 'MUG-02', quantity: 3 }], 'ord-1');
    ledger.release(first.reservationId);
    expect(ledger.reserve([{ sku: 'MUG-02', quantity: 3 }], 'ord-1').reservationId).not.toBe(
      first.reservationId,
    );
    expect(ledger.available('MUG-02')).toBe(7);
  });
});
