// Catalog under load: the product list and single products, which stay 200 even while the
// catalog is down (the last-known-good copy answers). p99 under 500 ms: the catalog's attempt
// timeout is 800 ms, so a healthy or stale answer is well inside it.
//   k6 run -e BASE_URL=http://localhost:3000 docker/k6/catalog.js
// RATE sets the requests per second at the plateau (default 50).
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:3000';
const RATE = Number(__ENV.RATE || 50);
// One of the api's RATE_LIMIT_API_KEYS (compose's default): the load is one client, keyed.
const HEADERS = { 'x-api-key': __ENV.API_KEY || 'carta-local-load-test-key' };
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

export const options = {
  scenarios: {
    catalog: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      preAllocatedVUs: 20,
      maxVUs: 200,
      stages: [
        { duration: '30s', target: RATE },
        { duration: '1m', target: RATE },
        { duration: '15s', target: 0 },
      ],
    },
  },
  thresholds: {
    http_req_duration: ['p(99)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const list = Math.random() < 0.5;
  const response = list
    ? http.get(`${BASE_URL}/catalog/products`, { headers: HEADERS, tags: { name: 'GET /catalog/products' } })
    : http.get(`${BASE_URL}/catalog/products/${SKUS[Math.floor(Math.random() * SKUS.length)]}`, {
        headers: HEADERS,
        tags: { name: 'GET /catalog/products/:sku' },
      });
  check(response, {
    'status is 200': (r) => r.status === 200,
  });
}
