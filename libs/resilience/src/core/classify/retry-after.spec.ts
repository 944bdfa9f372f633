import { retryAfterMsOf } from './retry-after.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

function axiosError(status: number, headers: Record<string, unknown>): Error {
  return Object.assign(new Error(`HTTP ${status}`), { response: { status, headers } });
}

describe('retryAfterMsOf', () => {
  it('reads a Retry-After in seconds on a 429', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': '3' }), NOW)).toBe(3_000);
  });

  it('reads a Retry-After in seconds on a 503', () => {
    expect(retryAfterMsOf(axiosError(503, { 'retry-after': '1.5' }), NOW)).toBe(1_500);
  });

  it('reads a Retry-After given as an HTTP date, relative to now', () => {
    expect(retryAfterMsOf(axiosError(503, { 'retry-after': 'Wed, 01 May 2024 12:00:10 GMT' }), NOW)).toBe(
      10_000,
    );
  });

  it('treats an HTTP date in the past as no wait', () => {
    expect(retryAfterMsOf(axiosError(503, { 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }), NOW)).toBe(0);
  });

  it('treats negative seconds as no wait', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': '-4' }), NOW)).toBe(0);
  });

  it('ignores Retry-After on statuses other than 429 and 503', () => {
    expect(retryAfterMsOf(axiosError(500, { 'retry-after': '3' }), NOW)).toBeUndefined();
  });

  it('ignores a malformed Retry-After', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': 'soon' }), NOW)).toBeUndefined();
  });

  it('ignores an empty Retry-After', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': ' ' }), NOW)).toBeUndefined();
  });

  it('finds nothing when there is no Retry-After header', () => {
    expect(retryAfterMsOf(axiosError(429, {}), NOW)).toBeUndefined();
  });

  it('finds nothing when the response has no headers', () => {
    expect(retryAfterMsOf(Object.assign(new Error('x'), { status: 429 }), NOW)).toBeUndefined();
  });

  it('reads the first value of a repeated header', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': ['2', '9'] }), NOW)).toBe(2_000);
  });

  it('finds nothing in an empty repeated header', () => {
    expect(retryAfterMsOf(axiosError(429, { 'retry-after': [] }), NOW)).toBeUndefined();
  });

  it('reads a fetch-style Headers object through get()', () => {
    const error = Object.assign(new Error('x'), {
      status: 429,
      headers: new Headers({ 'Retry-After': '4' }),
    });
    expect(retryAfterMsOf(error, NOW)).toBe(4_000);
  });

  it('reads headers on the error itself when there is no response', () => {
    const error = Object.assign(new Error('x'), { statusCode: 503, headers: { 'retry-after': '2' } });
    expect(retryAfterMsOf(error, NOW)).toBe(2_000);
  });

  it('prefers a numeric retryAfterMs on the error, whatever the status', () => {
    const error = Object.assign(axiosError(500, { 'retry-after': '9' }), { retryAfterMs: 250 });
    expect(retryAfterMsOf(error, NOW)).toBe(250);
  });

  it('ignores a negative retryAfterMs', () => {
    expect(retryAfterMsOf(Object.assign(new Error('x'), { retryAfterMs: -1 }), NOW)).toBeUndefined();
  });

  it.each([null, undefined, 'HTTP 429'])('finds nothing on %p', (value) => {
    expect(retryAfterMsOf(value, NOW)).toBeUndefined();
  });
});

describe('retryAfterMsOf header casing', () => {
  it('reads a plain headers object keyed with the sender casing', () => {
    const error = { status: 429, headers: { 'Retry-After': '2' } };
    expect(retryAfterMsOf(error, 0)).toBe(2_000);
  });
});
