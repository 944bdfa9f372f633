import type autocannon from 'autocannon';
import type { CheckoutRequestDto } from '../../apps/api/src/checkout/checkout-request.dto.js';
import { PRODUCTS } from '../../apps/upstreams/src/catalog/product.js';

/** The routes the bench loads, by the name `--routes` takes. */
export const ROUTE_NAMES = ['products', 'product', 'inventory', 'checkout'] as const;

/** One of {@link ROUTE_NAMES}. */
export type RouteName = (typeof ROUTE_NAMES)[number];

/** How one route is loaded and what its happy answer looks like. */
export interface BenchRoute {
  name: RouteName;
  /** As the issue names it: `GET /catalog/products`. */
  label: string;
  /** GET routes are judged against the GET targets, POST /checkout against its own. */
  method: 'GET' | 'POST';
  /**
   * The request autocannon sends. `keyPrefix` makes every checkout's Idempotency-Key new to
   * the subject, run after run.
   */
  request(keyPrefix: string): autocannon.Request;
  /** True for a happy-path answer's body: live catalog data, exact stock, a confirmed order with its stock reserved. */
  isHappy(body: string): boolean;
}

const SKU = 'MUG-02';
const SKUS = PRODUCTS.map((product) => product.sku);

/** Every route, in table order. */
export const ROUTES: Readonly<Record<RouteName, BenchRoute>> = {
  products: {
    name: 'products',
    label: 'GET /catalog/products',
    method: 'GET',
    request: () => ({ method: 'GET', path: '/catalog/products' }),
    isHappy: (body) => body.includes('"stale":false'),
  },
  product: {
    name: 'product',
    label: 'GET /catalog/products/:sku',
    method: 'GET',
    request: () => ({ method: 'GET', path: `/catalog/products/${SKU}` }),
    isHappy: (body) => body.includes('"stale":false'),
  },
  inventory: {
    name: 'inventory',
    label: 'GET /inventory/:sku',
    method: 'GET',
    request: () => ({ method: 'GET', path: `/inventory/${SKU}` }),
    isHappy: (body) => body.includes('"estimated":false'),
  },
  checkout: {
    name: 'checkout',
    label: 'POST /checkout',
    method: 'POST',
    request: (keyPrefix) => {
      let n = 0;
      return {
        method: 'POST',
        path: '/checkout',
        // One unit of a different sku each time, among many customers: no sku runs short.
        setupRequest: (request) => {
          n++;
          const body: CheckoutRequestDto = {
            customerId: `bench-${n % 50}`,
            items: [{ sku: SKUS[n % SKUS.length], quantity: 1 }],
          };
          return {
            ...request,
            headers: { 'content-type': 'application/json', 'idempotency-key': `${keyPrefix}${n}` },
            body: JSON.stringify(body),
          };
        },
      };
    },
    // Reserved too: an order whose reservation a bulkhead refused skipped a call, and Carta
    // then reserves it from a queued job, work the peers never do.
    isHappy: (body) => body.includes('"status":"confirmed"') && body.includes('"inventory":"reserved"'),
  },
};

/** Units of each sku one checkout takes. */
export const UNITS_PER_CHECKOUT = 1;
/** The skus checkouts spread over. */
export const CHECKOUT_SKUS: readonly string[] = SKUS;
