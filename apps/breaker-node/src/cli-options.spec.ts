import { parseCliOptions } from './cli-options.js';
import { InvalidFlagError } from './invalid-flag.error.js';

describe('parseCliOptions', () => {
  it('defaults to a threshold of 5 and a reset timeout of 10 s', () => {
    expect(parseCliOptions([])).toEqual({ failureThreshold: 5, resetTimeoutMs: 10_000, help: false });
  });

  it('reads --threshold N and --reset-timeout-ms N', () => {
    expect(parseCliOptions(['--threshold', '3', '--reset-timeout-ms', '200'])).toMatchObject({
      failureThreshold: 3,
      resetTimeoutMs: 200,
    });
  });

  it('reads the --flag=N form', () => {
    expect(parseCliOptions(['--threshold=7', '--reset-timeout-ms=0'])).toMatchObject({
      failureThreshold: 7,
      resetTimeoutMs: 0,
    });
  });

  it('asks for usage on --help', () => {
    expect(parseCliOptions(['--help']).help).toBe(true);
  });

  it.each([
    [['--threshold', '0'], '--threshold must be an integer >= 1, got "0"'],
    [['--threshold', '2.5'], '--threshold must be an integer >= 1, got "2.5"'],
    [['--threshold', '1e3'], '--threshold must be an integer >= 1, got "1e3"'],
    [['--reset-timeout-ms', '-1'], '--reset-timeout-ms must be an integer >= 0, got "-1"'],
    [['--reset-timeout-ms', 'soon'], '--reset-timeout-ms must be an integer >= 0, got "soon"'],
    [['--reset-timeout-ms='], '--reset-timeout-ms must be an integer >= 0, got ""'],
    [['--threshold'], '--threshold needs a value'],
    [['--tresHold', '3'], 'unknown flag --tresHold'],
    [['5'], 'unknown flag 5'],
  ])('rejects %j with "%s"', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(new InvalidFlagError(message));
  });
});
