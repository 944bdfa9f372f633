/** The start of the simulator's ready line. A wire contract: harnesses wait for it and parse the JSON after it. */
export const UPSTREAMS_READY_PREFIX = 'upstreams ready';

/** Every sentence the simulated upstreams send or print, in one place. */
export const messages = {
  productNotFound: (sku: string) => `no product has the sku "${sku}"`,
  insufficientStock: (sku: string, wanted: number, available: number) =>
    `${sku}: ${wanted} wanted, ${available} available`,
  reservationNotFound: (id: string) => `no reservation has the id "${id}"`,
  chargeNotFound: (id: string) => `no charge has the id "${id}"`,
  noChargeForIdempotencyKey: (key: string) => `no charge was made under the Idempotency-Key "${key}"`,
  idempotencyKeyRequired: () => 'POST /charges needs a non-empty Idempotency-Key header',
  idempotencyKeyMismatch: (key: string) =>
    `the Idempotency-Key "${key}" was first used for a different charge (orderId, customerId, amountCents or currency differ)`,
  injectedFailure: (dependency: string) => `${dependency} failed on purpose (an injected fault)`,
  deadlineExceeded: (dependency: string) =>
    `the caller's deadline passed before ${dependency} could do the work; nothing was done`,
  invalidJson: (reason: string) => `the body is not valid JSON (${reason})`,
  emptyJsonBody: () => 'it is empty',
  invalidBody: () => 'the body is not what the route takes',
  mustBeJsonObject: () => 'must be a JSON object',
  notAFaultField: (known: readonly string[]) => `is not a fault setting; expected ${known.join(', ')}`,
  unknownDependency: (name: string, known: readonly string[]) =>
    `unknown dependency "${name}"; expected ${known.join(', ')}`,
  routeNotFound: (method: string, url: string) => `no route for ${method} ${url}`,
  internalError: () => 'the simulator failed unexpectedly',
  // Requirements, completed by the name of what was wrong.
  mustBeNumberIn: (min: number, max: number) => `must be a number from ${min} to ${max}`,
  mustBeIntegerIn: (min: number, max: number) => `must be an integer from ${min} to ${max}`,
  mustBeOneOf: (values: readonly string[]) => `must be one of ${values.join(', ')}`,
  mustBeNonEmptyString: () => 'must be a non-empty string',
  mustBeArrayOf: (min: number, max: number) => `must be an array of ${min} to ${max} items`,
  mustHoldObjects: () => 'must hold only objects',
  invalidValue: (name: string, requirement: string) => `${name} ${requirement}`,
  invalidEnv: (name: string, requirement: string, got: string) => `${name} ${requirement}, got "${got}"`,
  cannotStart: (reason: string) => `cannot start: ${reason}`,
  ready: (ports: object) => `${UPSTREAMS_READY_PREFIX} ${JSON.stringify(ports)}`,
};
