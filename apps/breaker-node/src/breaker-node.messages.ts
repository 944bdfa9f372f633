/** Every sentence the breaker node sends or prints, in one place. */
export const messages = {
  // The two below are wire contracts: clients match on them.
  circuitOpen: () => 'Circuit breaker OPEN',
  dependencyFailed: () => 'dependency failed',
  notJson: (reason: string) => `the line is not valid JSON (${reason})`,
  notAMessage: () => 'a message must be a JSON object with an object body',
  notAString: (field: string) => `${field} must be a string`,
  notAnInteger: (field: string, min: number) => `${field} must be an integer >= ${min}`,
  notABoolean: (field: string) => `${field} must be true or false`,
  notAState: (states: readonly string[]) => `body.state must be one of ${states.join(', ')}`,
  contradictoryForce: () => 'body.force_success and body.force_failure cannot both be true',
  successWithForcedFailures: () => 'body.force_success cannot be true when body.force_failures is above 0',
  noService: () => 'a call needs body.service or dest',
  unsupportedType: (type: string) => `message type "${type}" is not supported`,
  unknownFlag: (flag: string) => `unknown flag ${flag}`,
  missingFlagValue: (flag: string) => `${flag} needs a value`,
  badFlagValue: (flag: string, expected: string, got: string) => `${flag} must be ${expected}, got "${got}"`,
  usage: () =>
    [
      'usage: breaker-node [--threshold N] [--reset-timeout-ms N]',
      '  Reads Maelstrom JSON messages from stdin, one per line, and answers each on stdout.',
      '  --threshold N          consecutive failures that open a breaker (integer >= 1, default 5)',
      '  --reset-timeout-ms N   how long a breaker stays open before a probe (integer >= 0, default 10000)',
      '',
    ].join('\n'),
};
