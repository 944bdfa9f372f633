// The steady load: autocannon instances of one connection each (a "lane"), each sending one
// route at its own rate. One route per connection, so a checkout stuck 2.5 s on a slow
// payments never holds back a catalog request queued behind it, as a mixed connection would.
// One connection per instance, started at staggered offsets: autocannon's rate limit lets a
// connection send its whole second's quota at once when its 1 s window opens, and every
// connection of one instance opens its window at the same moment, so twelve connections of one
// instance hit the api as a burst of twelve each second and measure queueing, not service.
//
// Bodies come from autocannon itself: a request's `onResponse(status, body, context, headers)`
// is called synchronously right before the client emits `response` (with the latency) on the
// same call stack (autocannon 9, lib/httpClient.js), so each lane pairs the two through one
// slot. No second HTTP client is needed.
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import type { ProductsView } from '../../apps/api/src/catalog/catalog.service.js';
import type { CheckoutRequestDto } from '../../apps/api/src/checkout/checkout-request.dto.js';
import type { ErrorResponse } from '../../apps/api/src/errors/error-response.js';
import type { StockView } from '../../apps/api/src/inventory/inventory.service.js';
import type { Order } from '../../apps/api/src/orders/order.js';
import { API_KEY_HEADER } from '../../apps/api/src/rate-limit/rate-limit-clients.js';
import { PRODUCTS } from '../../apps/upstreams/src/catalog/product.js';
import type { Route, Sample } from './samples.js';

/** Some connections sending one route at a rate. */
export interface Lane {
  route: Route;
  /** Shown instead of the route where the lane's samples are listed. */
  label?: string;
  connections: number;
  /** Requests a second over all its connections. */
  rate: number;
  /** Sent as X-Api-Key, so the lane is limited in the keyed tier; absent: anonymous (by address). */
  apiKey?: string;
}

/** What every lane of one drill shares. */
export interface LoadContext {
  /** The apis, each lane sending to one of them in turn (a balancer by connection). */
  apiUrls: readonly string[];
  runId: string;
  /** ms since the drill's t0. */
  now: () => number;
  onSample: (sample: Sample) => void;
}

/** A started load. */
export interface RunningLoad {
  /** Stops sending; resolves once autocannon has closed its connections. */
  stop(): Promise<unknown>;
}

// Any answer: a route's own body, or an error body (fields absent when it is the other).
type Body<T> = Partial<T & ErrorResponse['body']>;
type CheckoutBody = Body<Pick<Order, 'orderId' | 'status'>>;

const header = (headers: IncomingHttpHeaders | undefined, name: string): string | undefined => {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers?.[key]);
};
const serverMsOf = (headers: IncomingHttpHeaders | undefined): number | null => {
  const match = /app;dur=([\d.]+)/.exec(header(headers, 'server-timing') ?? '');
  return match ? Number(match[1]) : null;
};
const parse = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
};

type Reading = Pick<Sample, 'kind' | 'orderId'>;

/** What each route's answer means: `kind` is the flag or error code the drill checks. */
const READERS: Record<Route, (body: unknown) => Reading> = {
  catalog: (body) => {
    const b = body as Body<ProductsView>;
    return { kind: b.error ?? (b.stale ? 'stale' : 'live') };
  },
  inventory: (body) => {
    const b = body as Body<StockView>;
    return { kind: b.error ?? (b.estimated ? 'estimated' : 'exact') };
  },
  checkout: (body) => {
    const b = body as CheckoutBody;
    return { kind: (b.error ?? b.status) as string, orderId: b.orderId };
  },
};

// One sequence over every lane of the process: each checkout's key is new to the api.
let checkouts = 0;

/** Every checkout key of run `runId` starts with this (the audit finds the run's orders by it). */
export const checkoutKeyPrefix = (runId: string): string => `drill-${runId}-`;

/** The simulated catalog's skus: every one is priced and stocked. */
const SKUS = PRODUCTS.map((product) => product.sku);

/** The request of each route; checkout gets a fresh Idempotency-Key every time. */
function requestOf(route: Route, runId: string, apiKey: string | undefined): autocannon.Request {
  let n = 0;
  const keyed: Record<string, string> = apiKey === undefined ? {} : { [API_KEY_HEADER]: apiKey };
  switch (route) {
    case 'catalog':
      return { method: 'GET', path: '/catalog/products', headers: keyed };
    case 'inventory':
      return {
        method: 'GET',
        headers: keyed,
        setupRequest: (req) => ({ ...req, path: `/inventory/${SKUS[n++ % SKUS.length]}` }),
      };
    case 'checkout':
      return {
        method: 'POST',
        setupRequest: (req) => {
          n = ++checkouts;
          const body = JSON.stringify({
            customerId: `drill-${n % 50}`,
            items: [{ sku: SKUS[n % SKUS.length], quantity: 1 }],
          } satisfies CheckoutRequestDto);
          return {
            ...req,
            path: '/checkout',
            headers: {
              ...keyed,
              'content-type': 'application/json',
              'idempotency-key': `${checkoutKeyPrefix(runId)}${n}`,
            },
            body,
          };
        },
      };
  }
}

/**
 * Starts one lane; answers go to `onSample`. Bounded twice: by `durationS`, and by a request
 * count of 1.5x what the rate allows in that time (autocannon's maxOverallRequests).
 */
export function startLane({
  apiUrl,
  replica,
  lane,
  runId,
  durationS,
  now,
  onSample,
}: Omit<LoadContext, 'apiUrls'> & {
  apiUrl: string;
  /** The index of `apiUrl` among the stack's apis. */
  replica: number;
  lane: Lane;
  durationS: number;
}): RunningLoad & { label: string } {
  const read = READERS[lane.route];
  let answer: Omit<Sample, 'route' | 'lane' | 'replica' | 'at' | 'ms' | 'status'> | undefined;
  const request: autocannon.Request = {
    ...requestOf(lane.route, runId, lane.apiKey),
    onResponse: (_status, body, _context, headers) => {
      answer = {
        ...read(parse(body)),
        retryAfter: header(headers, 'retry-after') ?? null,
        serverMs: serverMsOf(headers),
      };
    },
  };
  let resolveDone: (done: { error: unknown; result: autocannon.Result }) => void = () => {};
  const done = new Promise((resolve) => (resolveDone = resolve));
  const instance = autocannon(
    {
      url: apiUrl,
      connections: lane.connections,
      overallRate: lane.rate,
      duration: durationS,
      maxOverallRequests: Math.ceil(lane.rate * durationS * 1.5),
      timeout: 10,
      requests: [request],
    },
    (error, result) => resolveDone({ error, result }),
  );
  const label = lane.label ?? lane.route;
  instance.on('response', (_client, status, _bytes, ms) => {
    const end = now();
    onSample({
      route: lane.route,
      lane: label,
      replica,
      at: end - ms,
      ms,
      status,
      ...(answer ?? { kind: 'unread' }),
    });
    answer = undefined;
  });
  instance.on('reqError', (error: Error) => {
    const timedOut = /timed out/.test(error.message);
    const ms = timedOut ? 10_000 : 0;
    onSample({
      route: lane.route,
      lane: label,
      replica,
      at: now() - ms,
      ms,
      status: 0,
      kind: timedOut ? 'timeout' : 'connection_error',
    });
  });
  return {
    label,
    async stop() {
      instance.stop();
      await done;
    },
  };
}

/**
 * Starts `lanes` as single-connection instances, their rate windows spread evenly over a
 * second, the i-th instance sending to the (i mod n)-th api: with an even count of connections
 * per lane, every api gets an even share of every route. Resolves once all have started.
 */
export async function startLoad({
  lanes,
  apiUrls,
  ...common
}: LoadContext & { lanes: readonly Lane[]; durationS: number }): Promise<RunningLoad> {
  const singles = lanes.flatMap((lane) =>
    Array.from({ length: lane.connections }, (_, i) => ({
      ...lane,
      connections: 1,
      rate: share(lane.rate, lane.connections, i),
    })),
  );
  const started: RunningLoad[] = [];
  for (const [i, lane] of singles.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / singles.length));
    const replica = i % apiUrls.length;
    started.push(startLane({ ...common, apiUrl: apiUrls[replica], replica, lane }));
  }
  return { stop: () => Promise.all(started.map((lane) => lane.stop())) };
}

// The i-th of n even integer shares of total, at least 1.
const share = (total: number, n: number, i: number): number =>
  Math.max(1, Math.floor(total / n) + (i < total % n ? 1 : 0));
