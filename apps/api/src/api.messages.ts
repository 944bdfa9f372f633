const MAX_PROBLEMS_SHOWN = 10;

/** Every sentence the api answers with, in one place. */
export const apiMessages = {
  idempotencyKeyRequired: () =>
    'The Idempotency-Key header is required: send a unique key (e.g. a UUID) per checkout.',
  idempotencyKeyInvalid: () => 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.',
  idempotencyKeyMismatch: () =>
    'This Idempotency-Key was already used with a different request body; use a new key for a different checkout.',
  idempotencyKeyInUse: () => 'A checkout with this Idempotency-Key is still in progress; retry shortly.',
  invalidRequest: (problems: string[]) => {
    // A body with thousands of bad values must not make a message of megabytes.
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    return `Invalid request: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
  },
  unknownSku: (skus: string[]) => `Unknown SKU${skus.length > 1 ? 's' : ''}: ${skus.join(', ')}.`,
  insufficientStock: () => 'Not enough stock for at least one item of this order.',
  priceUnavailable: (skus: string[]) =>
    `The current price of ${skus.join(', ')} cannot be confirmed (the catalog is unavailable); nothing was charged. Retry later.`,
  catalogUnavailable: () => 'The catalog is unavailable and no cached copy exists yet. Retry later.',
  productNotFound: (sku: string) => `No product with SKU ${sku}.`,
  orderNotFound: (id: string) => `No order with id ${id}.`,
  paymentRejected: (status?: number) =>
    `Payments rejected the charge${status ? ` (HTTP ${status})` : ''}; nothing was charged and the stock was released.`,
  pricesMayBeStale: () => 'prices may be stale',
  priceUnavailableShort: () => 'price unavailable',
  paymentPending: () =>
    'Payments is unavailable right now: your order is saved and the payment will be captured automatically. Follow it at the Location URL.',
  dependencyUnavailable: (dependency: string, seconds: number) =>
    `${dependency} is unavailable (circuit open); retry in ${seconds} s.`,
  dependencyHeldOpen: (dependency: string) =>
    `${dependency} is unavailable: an operator has taken it offline (circuit forced open).`,
  dependencyBusy: (dependency: string) => `${dependency} is at capacity; retry shortly.`,
  deadlineExceeded: () => 'The request ran out of time before it could finish.',
  dependencyTimeout: (dependency: string) => `${dependency} did not answer in time.`,
  dependencyFailed: (status?: number) => `A dependency failed${status ? ` with HTTP ${status}` : ''}.`,
  invalidJson: () => 'The request body is not valid JSON.',
  payloadTooLarge: (limit: number) => `The request body is larger than ${limit} bytes.`,
  unsupportedMediaType: () => 'Send the request body as application/json.',
  invalidUrl: () => 'The URL is not validly percent-encoded.',
  uriTooLong: () => 'A path segment of the URL is too long.',
  notFound: (method: string, url: string) => `No route ${method} ${url}.`,
  unauthorized: () => 'Admin routes need the header Authorization: Bearer <ADMIN_TOKEN>.',
  breakerStateChanged: () => 'circuit breaker state changed',
  policyReconfigured: () => 'resilience policy reconfigured',
  notReady: (checks: string[]) => `Not ready: ${checks.join(', ') || 'a check'} failed.`,
  internal: () => 'Something went wrong on our side; nothing was lost, and the error was logged.',
  storageUnavailable: () =>
    'Storage is unavailable right now; retry shortly. A checkout retried with the same Idempotency-Key carries on where it stopped and is never placed twice.',
  bodyNotObject: () => 'the body must be a JSON object',
  bodyTooDeep: (maxDepth: number) => `the body nests objects and arrays deeper than ${maxDepth} levels`,
  overloaded: (seconds: number) =>
    `The shop is overloaded and is serving its most important requests first; retry in ${seconds} s.`,
  missingShedPriority: (sites: string[]) =>
    `Every route needs a load-shedding priority: add @ShedPriority('browse' | 'checkout' | 'never') to ${sites.join(', ')} (or to its controller).`,
  routeConfigConflict: (site: string, key: string) =>
    `${site} serves routes of more than one controller, which want different values of its route config "${key}": override the method in each controller.`,
  rateLimited: (seconds: number) =>
    `Too many requests from this client: its rate limit is spent for now; retry in ${seconds} s.`,
  clientRateLimited: () => 'client rate limited',
  rateLimitStoreUnreachable: (error: unknown) =>
    `Rate limiter cannot reach Redis (${error instanceof Error ? error.message : String(error)}): each replica limits alone from its last share of every client's bucket until Redis returns.`,
  rateLimitStoreBack: () =>
    "Rate limiter reaches Redis again: the replicas share their clients' buckets again.",
};
