import { parseFaultSettings } from './fault-settings.parser.js';
import { InvalidFaultError } from './invalid-fault.error.js';

describe('parseFaultSettings', () => {
  const healthy = { latencyMs: 0, jitterMs: 0, failRate: 0, mode: 'up' };

  it('gives omitted fields their healthy default, so {} and { mode: "up" } restore a dependency', () => {
    expect(parseFaultSettings({})).toEqual(healthy);
    expect(parseFaultSettings({ mode: 'up' })).toEqual(healthy);
  });

  it('reads no body at all as {}', () => {
    expect(parseFaultSettings(undefined)).toEqual(healthy);
  });

  it('keeps every valid field as given', () => {
    expect(parseFaultSettings({ latencyMs: 150, jitterMs: 20.5, failRate: 0.25, mode: 'hang' })).toEqual({
      latencyMs: 150,
      jitterMs: 20.5,
      failRate: 0.25,
      mode: 'hang',
    });
  });

  it('accepts the bounds: failRate 0 and 1, delays of 0 and one hour', () => {
    expect(parseFaultSettings({ failRate: 1, latencyMs: 3_600_000, jitterMs: 0 })).toMatchObject({
      failRate: 1,
    });
    expect(parseFaultSettings({ failRate: 0 })).toMatchObject({ failRate: 0 });
  });

  it.each(['up', 'down', 'hang', 'reset'])('accepts mode "%s"', (mode) => {
    expect(parseFaultSettings({ mode }).mode).toBe(mode);
  });

  it('carries failNext and resetNext only when above zero, so plain settings keep four fields', () => {
    expect(parseFaultSettings({ failNext: 2, resetNext: 1 })).toEqual({
      ...healthy,
      failNext: 2,
      resetNext: 1,
    });
    expect(parseFaultSettings({ failNext: 0, resetNext: 0 })).toEqual(healthy);
  });

  it.each([
    [{ failRate: 2 }, 'failRate must be a number from 0 to 1'],
    [{ failRate: -0.1 }, 'failRate must be a number from 0 to 1'],
    [{ failRate: '0.5' }, 'failRate must be a number from 0 to 1'],
    [{ latencyMs: -1 }, 'latencyMs must be a number from 0 to 3600000'],
    [{ latencyMs: 3_600_001 }, 'latencyMs must be a number from 0 to 3600000'],
    [{ latencyMs: null }, 'latencyMs must be a number from 0 to 3600000'],
    [{ jitterMs: Number.NaN }, 'jitterMs must be a number from 0 to 3600000'],
    [{ mode: 'sideways' }, 'mode must be one of up, down, hang, reset'],
    [{ mode: 'UP' }, 'mode must be one of up, down, hang, reset'],
    [{ failNext: 1.5 }, 'failNext must be an integer from 0 to 1000000'],
    [{ resetNext: -1 }, 'resetNext must be an integer from 0 to 1000000'],
    [
      { failrate: 1 },
      'failrate is not a fault setting; expected latencyMs, jitterMs, failRate, mode, failNext, resetNext',
    ],
    [null, 'body must be a JSON object'],
  ])('rejects %j naming the field: "%s"', (input, message) => {
    expect(() => parseFaultSettings(input)).toThrow(message);
  });

  it('rejects an array, and says which field is at fault', () => {
    let error: unknown;
    try {
      parseFaultSettings([]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidFaultError);
    expect(error).toMatchObject({ field: 'body', code: 'invalid_fault' });
  });
});
