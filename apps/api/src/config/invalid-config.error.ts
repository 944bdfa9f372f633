/** The environment does not make a valid ApiConfig; lists every problem. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';

  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
