import { FakeClock } from '../core/index.js';
import { InvalidDeadlineError } from '../errors/invalid-deadline.error.js';
import { deadlineFromHeaders, requestDeadline } from './deadline-headers.parser.js';

describe('deadlineFromHeaders', () => {
  const clock = new FakeClock();
  const read = (headers: Record<string, string | string[]>, receivedAt?: number) =>
    deadlineFromHeaders(headers, { clock, receivedAt });

  it('is undefined when neither header came', () => {
    expect(read({ accept: '*/*' })).toBeUndefined();
    expect(deadlineFromHeaders(undefined, { clock })).toBeUndefined();
  });

  it('reads X-Request-Deadline as epoch ms, converted to the monotonic clock', () => {
    const stepped = new FakeClock();
    stepped.stepWallClock(30_000);
    const at = deadlineFromHeaders(
      { 'x-request-deadline': String(stepped.epochNow() + 900) },
      { clock: stepped },
    );
    expect(at).toBe(stepped.now() + 900);
  });

  it('counts X-Request-Timeout-Ms from when the request arrived', () => {
    expect(read({ 'x-request-timeout-ms': '400' }, clock.now() - 100)).toBe(clock.now() + 300);
    expect(read({ 'x-request-timeout-ms': '400' })).toBe(clock.now() + 400);
  });

  it('takes the earlier of the two', () => {
    const epoch = (ms: number) => String(clock.epochNow() + ms);
    expect(read({ 'x-request-deadline': epoch(900), 'x-request-timeout-ms': '300' })).toBe(clock.now() + 300);
    expect(read({ 'x-request-deadline': epoch(200), 'x-request-timeout-ms': '300' })).toBe(clock.now() + 200);
  });

  it('reads the first value of a repeated header', () => {
    expect(read({ 'x-request-timeout-ms': ['250', '9000'] })).toBe(clock.now() + 250);
  });

  it('reads the header names it is given, in any case', () => {
    const at = deadlineFromHeaders(
      { 'grpc-timeout-ms': '120' },
      { clock, timeoutHeader: 'gRPC-Timeout-Ms', deadlineHeader: 'X-Deadline' },
    );
    expect(at).toBe(clock.now() + 120);
  });

  it.each(['soon', '', ' ', '-1', 'NaN', 'Infinity'])(
    'rejects X-Request-Deadline %j with InvalidDeadlineError naming the header',
    (value) => {
      expect(() => read({ 'x-request-deadline': value })).toThrow(
        new InvalidDeadlineError('x-request-deadline', value),
      );
    },
  );

  it.each(['soon', '', '-5', 'Infinity'])(
    'rejects X-Request-Timeout-Ms %j with InvalidDeadlineError saying it takes the milliseconds left',
    (value) => {
      expect(() => read({ 'x-request-timeout-ms': value })).toThrow(
        `The x-request-timeout-ms header must be the milliseconds left, a number >= 0; got "${value}".`,
      );
    },
  );

  it('rejects a bad header even when the other one is valid', () => {
    expect(() =>
      read({ 'x-request-deadline': String(clock.epochNow() + 1), 'x-request-timeout-ms': 'x' }),
    ).toThrow(InvalidDeadlineError);
  });
});

describe('requestDeadline', () => {
  const clock = new FakeClock();

  it('is the budget from arrival when the caller sends no deadline, and caps a later one', () => {
    expect(requestDeadline({}, { clock, budgetMs: 3_000 })).toBe(clock.now() + 3_000);
    expect(requestDeadline({ 'x-request-timeout-ms': '60000' }, { clock, budgetMs: 3_000 })).toBe(
      clock.now() + 3_000,
    );
    expect(
      requestDeadline(
        { 'x-request-timeout-ms': '400' },
        { clock, budgetMs: 3_000, receivedAt: clock.now() - 100 },
      ),
    ).toBe(clock.now() + 300);
  });

  it("takes the caller's deadline when earlier, and throws InvalidDeadlineError for a malformed one", () => {
    const epoch = String(clock.epochNow() + 700);
    expect(requestDeadline({ 'x-request-deadline': epoch }, { clock, budgetMs: 3_000 })).toBe(
      clock.now() + 700,
    );
    expect(() => requestDeadline({ 'x-request-timeout-ms': 'soon' }, { clock, budgetMs: 3_000 })).toThrow(
      InvalidDeadlineError,
    );
  });
});
