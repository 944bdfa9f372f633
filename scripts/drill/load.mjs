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
import autocannon from 'autocannon';

const header = (headers, name) => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
};
const serverMsOf = (headers) => {
  const match = /app;dur=([\d.]+)/.exec(header(headers, 'server-timing') ?? '');
  return match ? Number(match[1]) : null;
};
const parse = (body) => {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
};

/** What each route's answer means: `kind` is the flag or error code the drill checks. */
const READERS = {
  catalog: (status, body) => ({ kind: body.error ?? (body.stale ? 'stale' : 'live') }),
  inventory: (status, body) => ({ kind: body.error ?? (body.estimated ? 'estimated' : 'exact') }),
  checkout: (status, body) => ({ kind: body.error ?? body.status, orderId: body.orderId }),
};

// One sequence over every lane of the process: each checkout's key is new to the api.
let checkouts = 0;

/** Every checkout key of run `runId` starts with this (the audit finds the run's orders by it). */
export const checkoutKeyPrefix = (runId) => `drill-${runId}-`;

const SKUS = [
  'KETTLE-01',
  'MUG-02',
  'TEAPOT-03',
  'GRINDER-04',
  'SCALE-05',
  'FILTER-06',
  'BEANS-07',
  'CARAFE-08',
];

/** The request of each route; checkout gets a fresh Idempotency-Key every time. */
function requestOf(route, runId) {
  let n = 0;
  switch (route) {
    case 'catalog':
      return { method: 'GET', path: '/catalog/products' };
    case 'inventory':
      return {
        method: 'GET',
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
          });
          return {
            ...req,
            path: '/checkout',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `${checkoutKeyPrefix(runId)}${n}`,
            },
            body,
          };
        },
      };
  }
  throw new Error(`no request for route ${route}`);
}

/**
 * Starts one lane. `lane` = { route, connections, rate (req/s over all its connections),
 * label? }; answers go to `onSample`. Bounded twice: by `durationS`, and by a request count
 * of 1.5x what the rate allows in that time (autocannon's maxOverallRequests).
 */
export function startLane({ apiUrl, lane, runId, durationS, now, onSample }) {
  const read = READERS[lane.route];
  let answer;
  const request = {
    ...requestOf(lane.route, runId),
    onResponse: (status, body, context, headers) => {
      answer = {
        ...read(status, parse(body)),
        retryAfter: header(headers, 'retry-after') ?? null,
        serverMs: serverMsOf(headers),
      };
    },
  };
  let resolveDone;
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
  instance.on('response', (client, status, bytes, ms) => {
    const end = now();
    onSample({ route: lane.route, lane: label, at: end - ms, ms, status, ...(answer ?? { kind: 'unread' }) });
    answer = undefined;
  });
  instance.on('reqError', (error) => {
    const timedOut = /timed out/.test(error.message);
    const ms = timedOut ? 10_000 : 0;
    onSample({
      route: lane.route,
      lane: label,
      at: now() - ms,
      ms,
      status: 0,
      kind: timedOut ? 'timeout' : 'connection_error',
    });
  });
  return {
    label,
    /** Stops sending; resolves once autocannon has closed its connections. */
    async stop() {
      instance.stop();
      await done;
    },
  };
}

/**
 * Starts `lanes` (each { route, connections, rate, label? }) as single-connection instances,
 * their rate windows spread evenly over a second. Resolves once all have started.
 */
export async function startLoad({ lanes, ...common }) {
  const singles = lanes.flatMap((lane) =>
    Array.from({ length: lane.connections }, (_, i) => ({
      ...lane,
      connections: 1,
      rate: share(lane.rate, lane.connections, i),
    })),
  );
  const started = [];
  for (const [i, lane] of singles.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / singles.length));
    started.push(startLane({ ...common, lane }));
  }
  return { stop: () => Promise.all(started.map((lane) => lane.stop())) };
}

// The i-th of n even integer shares of total, at least 1.
const share = (total, n, i) => Math.max(1, Math.floor(total / n) + (i < total % n ? 1 : 0));
