// Checkout under load: every iteration is a new order with its own Idempotency-Key, so none
// is a replay. Thresholds are the runbook's promise: an answer inside the 3 s request budget,
// and that answer is an order (201 confirmed, or 202 pending_payment when payments is down).
//   k6 run -e BASE_URL=http://localhost:3000 docker/k6/checkout.js
// RATE sets the checkouts per second at the plateau (default 20).
import http from 'k6/http';
import { check } from 'k6';
import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:3000';
const RATE = Number(__ENV.RATE || 20);
// One of the api's RATE_LIMIT_API_KEYS (compose's default): the load is one client, keyed.
const API_KEY = __ENV.API_KEY || 'carta-local-load-test-key';
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
    checkout: {
      // Arrivals at a set rate, not VUs in a loop: a slow shop gets more requests in flight,
      // as in production, instead of fewer.
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
    http_req_duration: ['p(99)<3000'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const sku = SKUS[Math.floor(Math.random() * SKUS.length)];
  const body = JSON.stringify({ customerId: `k6-${__VU}`, items: [{ sku, quantity: 1 }] });
  const response = http.post(`${BASE_URL}/checkout`, body, {
    headers: { 'content-type': 'application/json', 'idempotency-key': uuidv4(), 'x-api-key': API_KEY },
    tags: { name: 'POST /checkout' },
  });
  check(response, {
    'order placed (201 or 202)': (r) => r.status === 201 || r.status === 202,
  });
}
