import { BrokenCircuitError } from './broken-circuit.error.js';
import { BulkheadRejectedError } from './bulkhead-rejected.error.js';
import { createFastError, defineErrorPrototype } from './fast-error.js';

class SampleError extends Error {
  declare readonly code: string;
}
defineErrorPrototype(SampleError, 'SampleError', (e) => `sample ${e.code}`);

describe('createFastError', () => {
  it('creates an instance of the class without running its constructor', () => {
    const error = createFastError(SampleError, { code: 'x' });
    expect(error).toBeInstanceOf(SampleError);
    expect(error).toBeInstanceOf(Error);
    expect(Object.prototype.hasOwnProperty.call(error, 'stack')).toBe(false);
  });

  it('gives the fast instance its fields', () => {
    expect(createFastError(SampleError, { code: 'x' }).code).toBe('x');
  });
});

describe('defineErrorPrototype', () => {
  it('names the class on its prototype', () => {
    expect(createFastError(SampleError, { code: 'x' }).name).toBe('SampleError');
  });

  it('derives the message of a fast instance from its fields', () => {
    expect(createFastError(SampleError, { code: 'x' }).message).toBe('sample x');
  });

  it('gives a fast instance a stack made of its header line', () => {
    expect(createFastError(SampleError, { code: 'x' }).stack).toBe('SampleError: sample x');
  });

  it('lets a fast instance own an assigned message', () => {
    const error = createFastError(SampleError, { code: 'x' });
    error.message = 'replaced';
    expect(error.message).toBe('replaced');
  });

  it('lets a fast instance own an assigned stack', () => {
    const error = createFastError(SampleError, { code: 'x' });
    error.stack = 'custom stack';
    expect(error.stack).toBe('custom stack');
  });

  it('keeps the captured stack and message of a constructed instance', () => {
    const error = new SampleError('constructed');
    expect(error.message).toBe('constructed');
    expect(error.stack).toMatch(/^SampleError: constructed\n\s+at /);
  });
});

describe.each([
  ['BrokenCircuitError', BrokenCircuitError.fast('payments', 1_500)],
  ['BulkheadRejectedError', BulkheadRejectedError.fast('payments', 2, 3, 'full')],
])('a fast %s', (name, error) => {
  it('is an Error named after its class', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
  });

  it('has a stack header naming the class and the policy', () => {
    expect(error.stack).toBe(`${name}: ${error.message}`);
    expect(error.message).toContain('"payments"');
  });
});
