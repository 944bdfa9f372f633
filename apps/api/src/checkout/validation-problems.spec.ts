import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CheckoutRequestDto } from './checkout-request.dto.js';
import { validationProblems } from './validation-problems.js';

const problemsOf = (body: unknown): string[] =>
  validationProblems(
    validateSync(plainToInstance(CheckoutRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }),
  );

describe('validationProblems', () => {
  it('accepts a valid checkout', () => {
    expect(problemsOf({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 2 }] })).toEqual([]);
  });

  it('names a nested field by its full path', () => {
    expect(problemsOf({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: -1 }] })).toEqual([
      'items.0.quantity must not be less than 1',
    ]);
  });

  it('rejects a fractional quantity', () => {
    expect(problemsOf({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 1.5 }] })).toEqual([
      'items.0.quantity must be an integer number',
    ]);
  });

  it('names each missing field', () => {
    const problems = problemsOf({});
    expect(problems.some((p) => p.startsWith('customerId '))).toBe(true);
    expect(problems.some((p) => p.startsWith('items '))).toBe(true);
  });

  it('rejects an empty order and unknown fields', () => {
    expect(problemsOf({ customerId: 'c-1', items: [], coupon: 'FREE' })).toEqual(
      expect.arrayContaining(['items must contain at least 1 elements', 'property coupon should not exist']),
    );
  });

  it('names an unknown nested field by its full path', () => {
    expect(problemsOf({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 1, gift: true }] })).toEqual([
      'property items.0.gift should not exist',
    ]);
  });
});
