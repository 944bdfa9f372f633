import { parseCallRequest } from './call-request.js';
import type { Request } from './envelope.js';
import { MalformedRequestError } from './maelstrom.error.js';

const request = (body: Record<string, unknown>, dest: string | null = 'service-b'): Request => ({
  src: 'service-a',
  ...(dest === null ? {} : { dest }),
  body: { type: 'call', msg_id: 1, ...body },
});

describe('parseCallRequest', () => {
  it('takes the service from dest when the body names none', () => {
    expect(parseCallRequest(request({})).service).toBe('service-b');
  });

  it('prefers body.service over dest', () => {
    expect(parseCallRequest(request({ service: 'payments' })).service).toBe('payments');
  });

  it('reads every field of a call', () => {
    expect(parseCallRequest(request({ state: 'half_open', force_failures: 3, force_failure: true }))).toEqual(
      {
        msgId: 1,
        service: 'service-b',
        state: 'half_open',
        forceFailures: 3,
        outcome: 'failure',
      },
    );
  });

  it('reads an absent force_failures as 0, a single call', () => {
    expect(parseCallRequest(request({})).forceFailures).toBe(0);
  });

  it('accepts force_success beside force_failures: 0', () => {
    expect(parseCallRequest(request({ force_success: true, force_failures: 0 })).outcome).toBe('success');
  });

  it('reads force_failure as a failing outcome', () => {
    expect(parseCallRequest(request({ force_failure: true })).outcome).toBe('failure');
  });

  it.each([
    [{}, null, 'a call needs body.service or dest'],
    [{ service: 7 }, 'service-b', 'body.service must be a string'],
    [{ state: 'forced_open' }, 'service-b', 'body.state must be one of closed, open, half_open'],
    [{ force_failures: -1 }, 'service-b', 'body.force_failures must be an integer >= 0'],
    [{ force_failures: '2' }, 'service-b', 'body.force_failures must be an integer >= 0'],
    [{ force_failures: null }, 'service-b', 'body.force_failures must be an integer >= 0'],
    [{ force_failures: 2.5 }, 'service-b', 'body.force_failures must be an integer >= 0'],
    [
      { force_failures: 2, force_success: true },
      'service-b',
      'body.force_success cannot be true when body.force_failures is above 0',
    ],
    [{ force_success: 'yes' }, 'service-b', 'body.force_success must be true or false'],
    [
      { force_success: true, force_failure: true },
      'service-b',
      'body.force_success and body.force_failure cannot both be true',
    ],
  ])('rejects %j (dest %s) as malformed: %s', (body, dest, message) => {
    expect(() => parseCallRequest(request(body, dest))).toThrow(new MalformedRequestError(message));
  });
});
