import { ValidationError } from 'class-validator';
import { firstViolation } from './first-violation.js';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('firstViolation', () => {
  it('names a top-level property and its rule', () => {
    expect(firstViolation([error('orderId', { isString: 'must be a non-empty string' })])).toBe(
      'orderId must be a non-empty string',
    );
  });

  it('gives the dotted path of a nested property', () => {
    const nested = error('items', undefined, [
      error('0', undefined, [error('quantity', { min: 'must be an integer from 1 to 9' })]),
    ]);
    expect(firstViolation([nested])).toBe('items.0.quantity must be an integer from 1 to 9');
  });

  it("reports the property's topmost (last-applied) rule when several break", () => {
    expect(
      firstViolation([error('items', { isObject: 'must hold only objects', isArray: 'must be an array' })]),
    ).toBe('items must be an array');
  });

  it('finds nothing in no errors', () => {
    expect(firstViolation([])).toBeUndefined();
  });
});
